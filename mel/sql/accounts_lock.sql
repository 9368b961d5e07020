-- Lock an account until an administrator lifts it.
INSERT OR IGNORE INTO locks (username, locked_at) VALUES (:username, :at)
