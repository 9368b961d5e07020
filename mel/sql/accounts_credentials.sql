-- A user's password hash and when it was last set.
SELECT password_hash, changed_at FROM credentials WHERE username = :username
