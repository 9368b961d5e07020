-- 1 if the code is a member, no row otherwise.
SELECT 1 FROM members WHERE member_code = $member
