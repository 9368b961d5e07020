-- One version of a plan's axes.
SELECT * FROM core.plan_axes WHERE plan_id = $plan AND version = $version ORDER BY position
