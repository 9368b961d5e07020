-- 1 if an active user has this username, no row otherwise.
SELECT 1 FROM core.users WHERE username = $username AND active
