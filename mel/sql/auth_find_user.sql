-- An active user's role, member and display name, for signing in.
SELECT role, member_code, display_name FROM core.users WHERE username = $username AND active
