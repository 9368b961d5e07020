-- A batch's kind, author, the batch that reversed it and what it did (import, undo, redo).
SELECT kind, recorded_by, undone_by, action FROM core.import_batches WHERE batch_id = $batch
