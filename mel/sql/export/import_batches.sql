-- The public view import_batches, as exported.
SELECT * FROM import_batches
