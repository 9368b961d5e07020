-- Active users, without their password hashes, by username.
SELECT username, display_name, role, member_code, created_at FROM core.users WHERE active ORDER BY 1
