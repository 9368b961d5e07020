-- Deactivate a user (the row stays, so the history still names who recorded what).
UPDATE core.users SET active = FALSE WHERE username = $username
