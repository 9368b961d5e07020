-- 1 if the project exists, no row otherwise.
SELECT 1 FROM projects WHERE project_id = $project
