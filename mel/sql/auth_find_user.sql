-- An active user's password hash, role, member and display name, for signing in.
SELECT password_hash, role, member_code, display_name FROM core.users WHERE username = $username AND active
