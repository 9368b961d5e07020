-- The participation events a batch wrote.
SELECT * FROM core.participation_events WHERE batch_id = $batch
