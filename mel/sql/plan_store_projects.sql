-- One version of a plan's projects.
SELECT * FROM core.plan_projects WHERE plan_id = $plan AND version = $version ORDER BY code
