-- The milestone updates a batch wrote.
SELECT milestone_id, version FROM core.milestone_updates WHERE batch_id = $batch
