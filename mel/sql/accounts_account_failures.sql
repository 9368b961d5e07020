-- An account's failed sign-ins since its last success or unlock: how many, and the latest.
SELECT count(*), max(at) FROM sign_in_attempts
WHERE username = :username AND outcome = 'failed'
  AND at > coalesce((SELECT max(at) FROM sign_in_attempts
                     WHERE username = :username AND outcome IN ('succeeded', 'unlocked')), 0)
