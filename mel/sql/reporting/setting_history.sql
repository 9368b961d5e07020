-- Every value a network setting has had, oldest first, with when it was set.
SELECT recorded_at, value FROM core.settings WHERE name = $name ORDER BY recorded_at
