-- Storing an accepted plan workbook as a new version of the plan (mel/imports/plan_store.py).

-- name: version
-- One version of a plan (withdrawn versions left out).
SELECT * FROM core.plan_versions WHERE plan_id = $plan AND version = $version AND NOT withdrawn

-- name: latest_versions
-- The latest version of the listed plans ($keys: 'member|cycle'), withdrawn or not.
SELECT * FROM core.plan_versions
WHERE list_contains($keys, member_code || '|' || cycle)
QUALIFY row_number() OVER (PARTITION BY plan_id ORDER BY version DESC) = 1

-- name: max_ids
-- The highest ids given so far (new ones follow).
SELECT (SELECT coalesce(max(plan_id), 0) FROM core.plan_versions),
       (SELECT coalesce(max(axis_id), 0) FROM core.plan_axes),
       (SELECT coalesce(max(project_id), 0) FROM core.plan_projects),
       (SELECT coalesce(max(milestone_id), 0) FROM core.plan_milestones)

-- name: known_ids
-- Every id the listed plans have given, in any version: axes by number, projects by code,
-- milestones by (project code, number). A revised plan keeps them, so updates and assessments
-- stay attached.
SELECT DISTINCT plan_id, 'axis' AS item, CAST(position AS VARCHAR) AS key, axis_id AS id
FROM core.plan_axes WHERE list_contains($plans, plan_id)
UNION ALL
SELECT DISTINCT plan_id, 'project', code, project_id FROM core.plan_projects WHERE list_contains($plans, plan_id)
UNION ALL
SELECT DISTINCT plan_id, 'milestone', project_code || '/' || position, milestone_id
FROM core.plan_milestones WHERE list_contains($plans, plan_id)

-- name: axes
-- The axes of the listed plan versions ($plans and $versions, pairwise).
WITH wanted AS (SELECT unnest($plans::INTEGER[]) AS plan_id, unnest($versions::INTEGER[]) AS version)
SELECT a.* FROM core.plan_axes a JOIN wanted USING (plan_id, version) ORDER BY a.plan_id, a.position

-- name: projects
-- The projects of the listed plan versions ($plans and $versions, pairwise).
WITH wanted AS (SELECT unnest($plans::INTEGER[]) AS plan_id, unnest($versions::INTEGER[]) AS version)
SELECT p.* FROM core.plan_projects p JOIN wanted USING (plan_id, version) ORDER BY p.plan_id, p.code

-- name: milestones
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

-- name: targets
-- The listed members' own targets as recorded now, and the latest version number of each (withdrawn too).
SELECT member_code, indicator_code, version, baseline_value, baseline_on, target_value, target_on, source, is_demo,
       withdrawn
FROM core.target_versions
WHERE list_contains($members, member_code)
QUALIFY row_number() OVER (PARTITION BY member_code, indicator_code ORDER BY version DESC) = 1

-- name: ieecag
-- The listed members' IEECAG records as recorded now, and the latest version number of each (withdrawn too).
SELECT member_code, as_of, version, created_on, members_women, members_men, meetings_held, opinions_issued,
       opinions_acted_on, took_part_in_co_creation, source, is_demo, withdrawn
FROM core.gender_body_versions
WHERE list_contains($members, member_code)
QUALIFY row_number() OVER (PARTITION BY member_code, as_of ORDER BY version DESC) = 1
