-- Password hashes leave the database: they live in the accounts store beside it (mel/accounts.py),
-- so the read snapshots, copies of this file, never carry them. `mel init --if-missing` moves
-- any existing hash there before this migration runs.
ALTER TABLE core.users DROP COLUMN password_hash;

-- What a batch did: 'import', 'undo' (of a batch) or 'redo' (the undo of an undo); the write
-- path (mel/imports.py) sets it.
ALTER TABLE core.import_batches ADD COLUMN action VARCHAR DEFAULT 'import';
UPDATE core.import_batches SET action = 'undo' WHERE undoes IS NOT NULL;
