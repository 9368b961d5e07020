-- $n new batch ids at once, in order (for a database being built).
SELECT nextval('core.batch_seq') AS batch_id FROM range($n) ORDER BY range
