-- One version of a plan's milestones, with each one's done date as recorded now (its latest
-- update, else the plan's own record) and the version of that update.
WITH latest AS (
    SELECT milestone_id, version AS update_version, done_on
    FROM core.milestone_updates
    WHERE milestone_id IN (SELECT milestone_id FROM core.plan_milestones WHERE plan_id = $plan)
    QUALIFY row_number() OVER (PARTITION BY milestone_id ORDER BY version DESC) = 1
)
SELECT ms.* EXCLUDE (done_on),
       CASE WHEN u.milestone_id IS NULL THEN ms.done_on ELSE u.done_on END AS done_on,
       u.update_version
FROM core.plan_milestones ms LEFT JOIN latest u USING (milestone_id)
WHERE ms.plan_id = $plan AND ms.version = $version
ORDER BY ms.project_code, ms.position
