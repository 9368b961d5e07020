-- When the account was locked, no row if it is not.
SELECT locked_at FROM locks WHERE username = :username
