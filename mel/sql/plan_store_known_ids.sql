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
