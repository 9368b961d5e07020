-- The active user whose username is this e-mail address (case-insensitive).
SELECT username, role, member_code, display_name FROM core.users
WHERE lower(username) = lower($email) AND active
