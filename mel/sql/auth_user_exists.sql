-- 1 if a user (active or not) has this username, no row otherwise.
SELECT 1 FROM core.users WHERE username = $username
