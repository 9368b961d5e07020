-- Append a new assessment version of a project.
INSERT INTO core.assessments (project_id, version, completion, opened_government, verifiable, recorded_by)
VALUES ($project, $version, $completion, $opened_government, $verifiable, $recorded_by)
