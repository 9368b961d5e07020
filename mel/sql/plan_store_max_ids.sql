-- The highest ids given so far (new ones follow).
SELECT (SELECT coalesce(max(plan_id), 0) FROM core.plan_versions),
       (SELECT coalesce(max(axis_id), 0) FROM core.plan_axes),
       (SELECT coalesce(max(project_id), 0) FROM core.plan_projects),
       (SELECT coalesce(max(milestone_id), 0) FROM core.plan_milestones)
