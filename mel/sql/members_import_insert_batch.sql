-- Start a members import batch and return its id.
INSERT INTO core.import_batches (kind, file_name, sha256, rows_written, recorded_by)
VALUES ('members', $file_name, $sha256, $rows_written, $recorded_by)
RETURNING batch_id
