-- One version of a plan (withdrawn versions left out).
SELECT * FROM core.plan_versions WHERE plan_id = $plan AND version = $version AND NOT withdrawn
