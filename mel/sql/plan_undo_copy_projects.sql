-- The projects of a restored plan version, copied as they were.
INSERT INTO core.plan_projects
SELECT * REPLACE ($to AS version) FROM core.plan_projects WHERE plan_id = $plan AND version = $from
