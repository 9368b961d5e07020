-- Every user's role (active or not), to publish a role instead of a name.
SELECT username, role FROM core.users
