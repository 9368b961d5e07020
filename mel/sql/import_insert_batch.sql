-- Start a batch with the id next_batch_id gave (an undo or redo names the batch it reverses);
-- the build gives its own time, so that two builds are identical.
INSERT INTO core.import_batches (batch_id, kind, file_name, sha256, rows_written, recorded_by, undoes, action, recorded_at)
VALUES ($id, $kind, $file_name, $sha256, $rows_written, $recorded_by, $undoes, $action,
        coalesce(CAST($recorded_at AS TIMESTAMP), current_timestamp))
