-- What an import batch was, who recorded it, and whether it was undone or is an undo.
SELECT kind, recorded_by, undone_by, undoes FROM core.import_batches WHERE batch_id = $batch
