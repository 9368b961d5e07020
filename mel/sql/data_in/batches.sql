-- Import batches, newest first, with what undid them.
SELECT batch_id, kind, action, file_name, sha256, rows_written, recorded_at, recorded_by, undone_by, undoes
FROM import_batches ORDER BY batch_id DESC
