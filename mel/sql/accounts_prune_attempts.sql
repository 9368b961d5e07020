-- Forget attempts older than the retention period.
DELETE FROM sign_in_attempts WHERE at < :before
