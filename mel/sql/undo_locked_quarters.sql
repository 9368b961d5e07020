-- The locked quarters (under review or approved) an import of values or of milestone dates falls
-- in: reversing it would change them, so it waits for the quarter to be returned or reopened. A
-- milestone's reversal puts back the date before the batch's: both dates count. (A plan's undo
-- withdraws the whole plan: the secretariat's decision, not a correction of a quarter.)
WITH milestone_days AS (
    SELECT u.milestone_id, u.done_on AS day FROM core.milestone_updates u
    JOIN core.import_batches b ON b.batch_id = u.batch_id AND b.kind = 'milestones'
    WHERE u.batch_id = $batch
    UNION ALL
    SELECT u.milestone_id, p.done_on FROM core.milestone_updates u
    JOIN core.import_batches b ON b.batch_id = u.batch_id AND b.kind = 'milestones'
    JOIN core.milestone_updates p ON p.milestone_id = u.milestone_id AND p.version = u.version - 1
    WHERE u.batch_id = $batch
)
SELECT DISTINCT o.member_code, o.period, q.status
FROM core.observations o JOIN locked_quarters q USING (member_code, period)
WHERE o.batch_id = $batch
UNION
SELECT DISTINCT m.member_code, q.period, q.status
FROM milestone_days d
JOIN milestones m USING (milestone_id)
JOIN locked_quarters q ON q.member_code = m.member_code AND q.period = year(d.day) || '-Q' || quarter(d.day)
ORDER BY 1, 2
