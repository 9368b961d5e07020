-- The member records a batch wrote.
SELECT * FROM core.member_records WHERE batch_id = $batch
