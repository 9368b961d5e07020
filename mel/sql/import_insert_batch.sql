-- Start a batch (an undo or redo names the batch it reverses) and return its id.
INSERT INTO core.import_batches (kind, file_name, sha256, rows_written, recorded_by, undoes, action)
VALUES ($kind, $file_name, $sha256, $rows_written, $recorded_by, $undoes, $action)
RETURNING batch_id
