-- The latest assessment version of a project (0 if none).
SELECT coalesce(max(version), 0) FROM core.assessments WHERE project_id = $project
