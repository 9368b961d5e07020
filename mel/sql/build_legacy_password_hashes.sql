-- Active users' password hashes, from a database from before migration 007.
SELECT username, password_hash FROM core.users WHERE active
