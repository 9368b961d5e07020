-- Set (or replace) a user's password hash; the time ends every session signed in before it.
INSERT INTO credentials (username, password_hash, changed_at) VALUES (:username, :password_hash, :changed_at)
ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, changed_at = excluded.changed_at
