-- The public view participation, as exported.
SELECT * FROM participation
