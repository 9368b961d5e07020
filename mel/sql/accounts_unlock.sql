-- Lift an account's lock.
DELETE FROM locks WHERE username = :username
