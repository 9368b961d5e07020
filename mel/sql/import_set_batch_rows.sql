-- Set how many rows a batch wrote (known only once an undo has run).
UPDATE core.import_batches SET rows_written = $rows_written WHERE batch_id = $batch
