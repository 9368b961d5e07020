-- A member's first milestone by due date, for the milestones template's example row.
SELECT milestone_id FROM milestones WHERE member_code = $member ORDER BY due_on LIMIT 1
