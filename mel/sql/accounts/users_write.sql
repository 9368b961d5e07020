-- Accounts in the database (mel/auth.py): who may sign in, with which role.

-- name: active_user_exists
-- 1 if an active user has this username, no row otherwise.
SELECT 1 FROM core.users WHERE username = $username AND active

-- name: deactivate_user
-- Deactivate a user (the row stays, so the history still names who recorded what).
UPDATE core.users SET active = FALSE WHERE username = $username

-- name: find_user
-- An active user's role, member and display name, for signing in.
SELECT role, member_code, display_name FROM core.users WHERE username = $username AND active

-- name: insert_user
-- Create a user (their password hash goes to the accounts store, never here).
INSERT INTO core.users (username, display_name, role, member_code)
VALUES ($username, $display_name, $role, $member)

-- name: list_users
-- Active users, without their password hashes, by username.
SELECT username, display_name, role, member_code, created_at FROM core.users WHERE active ORDER BY 1

-- name: member_exists
-- 1 if the code is a member, no row otherwise.
SELECT 1 FROM members WHERE member_code = $member

-- name: reactivate_user
-- A removed user added again: active, with the role, member and name given now.
UPDATE core.users SET active = TRUE, display_name = $display_name, role = $role, member_code = $member
WHERE username = $username

-- name: user_by_email
-- The active user whose username is this e-mail address (case-insensitive).
SELECT username, role, member_code, display_name FROM core.users
WHERE lower(username) = lower($email) AND active

-- name: user_exists
-- 1 if a user (active or not) has this username, no row otherwise.
SELECT 1 FROM core.users WHERE username = $username
