-- The milestones of a restored plan version, copied as they were.
INSERT INTO core.plan_milestones
SELECT * REPLACE ($to AS version) FROM core.plan_milestones WHERE plan_id = $plan AND version = $from
