-- Create a user (their password hash goes to the accounts store, never here).
INSERT INTO core.users (username, display_name, role, member_code)
VALUES ($username, $display_name, $role, $member)
