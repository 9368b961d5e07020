-- A removed user added again: active, with the role, member and name given now.
UPDATE core.users SET active = TRUE, display_name = $display_name, role = $role, member_code = $member
WHERE username = $username
