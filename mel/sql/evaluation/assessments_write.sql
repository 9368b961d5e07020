-- Evaluators' assessments of projects (mel/assessments.py).

-- name: project_exists
-- 1 if the project exists, no row otherwise.
SELECT 1 FROM projects WHERE project_id = $project

-- name: latest_version
-- The latest assessment version of a project (0 if none).
SELECT coalesce(max(version), 0) FROM core.assessments WHERE project_id = $project

-- name: insert_assessment
-- Append a new assessment version of a project.
INSERT INTO core.assessments (project_id, version, completion, opened_government, verifiable, recorded_by)
VALUES ($project, $version, $completion, $opened_government, $verifiable, $recorded_by)
