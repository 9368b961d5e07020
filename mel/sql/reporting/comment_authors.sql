-- Who recorded what, as shown: display name and role of the users named (removed ones too).
SELECT username, display_name, role FROM core.users WHERE list_contains($names::VARCHAR[], username)
