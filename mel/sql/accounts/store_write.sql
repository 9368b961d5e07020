-- The accounts store (mel/accounts.py): the private file beside the database holding password
-- hashes and sign-in attempts.

-- name: schema
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

-- name: account_failures
-- An account's failed sign-ins since its last success or unlock: how many, and the latest.
SELECT count(*), max(at) FROM sign_in_attempts
WHERE username = :username AND outcome = 'failed'
  AND at > coalesce((SELECT max(at) FROM sign_in_attempts
                     WHERE username = :username AND outcome IN ('succeeded', 'unlocked')), 0)

-- name: client_failures
-- A client's failed sign-ins (any account) since :since and its last success: how many, and the latest.
SELECT count(*), max(at) FROM sign_in_attempts
WHERE client = :client AND outcome = 'failed'
  AND at > max(:since, coalesce((SELECT max(at) FROM sign_in_attempts
                                 WHERE client = :client AND outcome = 'succeeded'), 0))

-- name: credentials
-- A user's password hash and when it was last set.
SELECT password_hash, changed_at FROM credentials WHERE username = :username

-- name: is_locked
-- When the account was locked, no row if it is not.
SELECT locked_at FROM locks WHERE username = :username

-- name: lock
-- Lock an account until an administrator lifts it.
INSERT OR IGNORE INTO locks (username, locked_at) VALUES (:username, :at)

-- name: prune_attempts
-- Forget attempts older than the retention period.
DELETE FROM sign_in_attempts WHERE at < :before

-- name: record_attempt
-- Log a sign-in attempt (never the password).
INSERT INTO sign_in_attempts (at, username, client, outcome) VALUES (:at, :username, :client, :outcome)

-- name: remove
-- Remove a user's credentials: nobody can sign in as them, and their sessions end.
DELETE FROM credentials WHERE username = :username

-- name: set_password
-- Set (or replace) a user's password hash; the time ends every session signed in before it.
INSERT INTO credentials (username, password_hash, changed_at) VALUES (:username, :password_hash, :changed_at)
ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, changed_at = excluded.changed_at

-- name: unlock
-- Lift an account's lock.
DELETE FROM locks WHERE username = :username
