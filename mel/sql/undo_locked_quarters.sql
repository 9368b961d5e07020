-- The approved (so locked) quarters a batch's values or milestone dates fall in: reversing the
-- batch would change them, so it waits for the quarter to be reopened.
SELECT DISTINCT o.member_code, o.period
FROM core.observations o JOIN approved_quarters q USING (member_code, period)
WHERE o.batch_id = $batch
UNION
SELECT DISTINCT m.member_code, q.period
FROM core.milestone_updates u
JOIN milestones m USING (milestone_id)
JOIN approved_quarters q ON q.member_code = m.member_code
 AND q.period = year(u.done_on) || '-Q' || quarter(u.done_on)
WHERE u.batch_id = $batch
ORDER BY 1, 2
