-- The milestones of the listed plan versions ($plans and $versions, pairwise), each with its
-- done date as recorded now (its latest update, else the plan's own record) and that update's version.
WITH wanted AS (SELECT unnest($plans::INTEGER[]) AS plan_id, unnest($versions::INTEGER[]) AS version),
chosen AS (SELECT ms.* FROM core.plan_milestones ms JOIN wanted USING (plan_id, version)),
latest AS (
    SELECT milestone_id, version AS update_version, done_on
    FROM core.milestone_updates
    WHERE milestone_id IN (SELECT milestone_id FROM chosen)
    QUALIFY row_number() OVER (PARTITION BY milestone_id ORDER BY version DESC) = 1
)
SELECT c.* EXCLUDE (done_on),
       CASE WHEN u.milestone_id IS NULL THEN c.done_on ELSE u.done_on END AS done_on,
       u.update_version
FROM chosen c LEFT JOIN latest u USING (milestone_id)
ORDER BY c.plan_id, c.project_code, c.position
