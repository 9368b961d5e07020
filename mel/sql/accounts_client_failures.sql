-- A client's failed sign-ins (any account) since :since and its last success: how many, and the latest.
SELECT count(*), max(at) FROM sign_in_attempts
WHERE client = :client AND outcome = 'failed'
  AND at > max(:since, coalesce((SELECT max(at) FROM sign_in_attempts
                                 WHERE client = :client AND outcome = 'succeeded'), 0))
