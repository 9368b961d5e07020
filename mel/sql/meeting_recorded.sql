-- 1 if a meeting of the member on $met_on is already recorded, no row otherwise.
SELECT 1 FROM meetings WHERE member_code = $member AND met_on = $met_on LIMIT 1
