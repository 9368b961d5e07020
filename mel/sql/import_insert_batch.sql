-- Start an import batch (an undo names the batch it undoes) and return its id.
INSERT INTO core.import_batches (kind, file_name, sha256, rows_written, recorded_by, undoes)
VALUES ($kind, $file_name, $sha256, $rows_written, $recorded_by, $undoes)
RETURNING batch_id
