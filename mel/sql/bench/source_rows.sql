-- A batch's values as a reader sees them: how many are current, of how many written.
SELECT (SELECT count(*) FROM observations_current WHERE batch_id = $batch) AS current_rows,
       (SELECT count(*) FROM core.observations WHERE batch_id = $batch) AS written_rows
