-- Create a user with an Argon2id password hash.
INSERT INTO core.users (username, display_name, password_hash, role, member_code)
VALUES ($username, $display_name, $password_hash, $role, $member)
