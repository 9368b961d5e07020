-- Mark a batch as undone by another batch (its rows all stay).
UPDATE core.import_batches SET undone_by = $undo_batch WHERE batch_id = $batch
