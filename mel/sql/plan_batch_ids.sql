-- $n new batch ids at once, in order (for a database being built).
SELECT (SELECT coalesce(max(batch_id), 0) FROM core.import_batches) + range + 1 AS batch_id FROM range($n) ORDER BY range
