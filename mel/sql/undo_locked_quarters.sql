-- The approved (so locked) quarters an import of values or of milestone dates falls in: reversing
-- it would change them, so it waits for the quarter to be reopened. (A plan's undo withdraws the
-- whole plan: the secretariat's decision, not a correction of a quarter.)
SELECT DISTINCT o.member_code, o.period
FROM core.observations o JOIN approved_quarters q USING (member_code, period)
WHERE o.batch_id = $batch
UNION
SELECT DISTINCT m.member_code, q.period
FROM core.milestone_updates u
JOIN core.import_batches b ON b.batch_id = u.batch_id AND b.kind = 'milestones'
JOIN milestones m USING (milestone_id)
JOIN approved_quarters q ON q.member_code = m.member_code
 AND q.period = year(u.done_on) || '-Q' || quarter(u.done_on)
WHERE u.batch_id = $batch
ORDER BY 1, 2
