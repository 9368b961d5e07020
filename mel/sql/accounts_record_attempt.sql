-- Log a sign-in attempt (never the password).
INSERT INTO sign_in_attempts (at, username, client, outcome) VALUES (:at, :username, :client, :outcome)
