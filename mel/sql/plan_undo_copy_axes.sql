-- The axes of a restored plan version, copied as they were.
INSERT INTO core.plan_axes
SELECT * REPLACE ($to AS version) FROM core.plan_axes WHERE plan_id = $plan AND version = $from
