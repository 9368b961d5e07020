-- The day of a member's latest meeting before $before (any day when $before is NULL).
SELECT max(met_on) AS met_on
FROM meetings
WHERE member_code = $member AND ($before IS NULL OR met_on < $before)
