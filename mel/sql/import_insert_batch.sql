-- Start a batch (an undo or redo names the batch it reverses) and return its id; the build
-- gives its own time, so that two builds are identical.
INSERT INTO core.import_batches (kind, file_name, sha256, rows_written, recorded_by, undoes, action, recorded_at)
VALUES ($kind, $file_name, $sha256, $rows_written, $recorded_by, $undoes, $action,
        coalesce(CAST($recorded_at AS TIMESTAMP), current_timestamp))
RETURNING batch_id
