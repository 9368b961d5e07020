-- The public view observations_current, as exported.
SELECT * FROM observations_current
