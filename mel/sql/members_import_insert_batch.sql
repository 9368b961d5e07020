-- Start a members import batch with the id next_batch_id gave.
INSERT INTO core.import_batches (batch_id, kind, file_name, sha256, rows_written, recorded_by)
VALUES ($id, 'members', $file_name, $sha256, $rows_written, $recorded_by)
