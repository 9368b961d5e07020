-- Restore a plan version as the newest (or withdraw the plan): a copy keeping who recorded it,
-- when, its source and demo flag; the batch is the undo's.
INSERT INTO core.plan_versions
SELECT * REPLACE (
    $to AS version, $withdraw OR withdrawn AS withdrawn,
    CASE WHEN $withdraw THEN NULL ELSE coalesce(copied_from, version) END AS copied_from, $batch AS batch_id)
FROM core.plan_versions WHERE plan_id = $plan AND version = $from
