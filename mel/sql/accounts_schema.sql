-- The accounts store (SQLite, beside the master, private to the server): password hashes and
-- sign-in attempts live here, never in the DuckDB file that readers get a copy of.
CREATE TABLE IF NOT EXISTS credentials (
    username TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,      -- Argon2id
    changed_at REAL NOT NULL          -- sessions signed in before this are ended
);
CREATE TABLE IF NOT EXISTS sign_in_attempts (
    at REAL NOT NULL,
    username TEXT NOT NULL,
    client TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('failed', 'succeeded', 'unlocked'))
);
CREATE INDEX IF NOT EXISTS attempts_by_user ON sign_in_attempts (username, at);
CREATE INDEX IF NOT EXISTS attempts_by_client ON sign_in_attempts (client, at);
CREATE TABLE IF NOT EXISTS locks (
    username TEXT PRIMARY KEY,
    locked_at REAL NOT NULL
);
