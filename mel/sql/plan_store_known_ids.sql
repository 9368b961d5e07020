-- Every id a plan has given, in any version: axes by number, projects by code, milestones by
-- (project code, number). A revised plan keeps them, so updates and assessments stay attached.
SELECT DISTINCT 'axis' AS item, CAST(position AS VARCHAR) AS key, axis_id AS id FROM core.plan_axes WHERE plan_id = $plan
UNION ALL
SELECT DISTINCT 'project', code, project_id FROM core.plan_projects WHERE plan_id = $plan
UNION ALL
SELECT DISTINCT 'milestone', project_code || '/' || position, milestone_id FROM core.plan_milestones WHERE plan_id = $plan
