-- 1 if the milestone is in one of the member's plans, no row otherwise.
SELECT 1 FROM milestones WHERE milestone_id = $id AND member_code = $member LIMIT 1
