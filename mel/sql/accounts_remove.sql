-- Remove a user's credentials: nobody can sign in as them, and their sessions end.
DELETE FROM credentials WHERE username = :username
