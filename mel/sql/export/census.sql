-- The public view census, as exported.
SELECT * FROM census ORDER BY code, sex
