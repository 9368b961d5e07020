-- The next batch id (ids are given under the one-writer lock: a lake has no sequences).
SELECT coalesce(max(batch_id), 0) + 1 FROM core.import_batches
