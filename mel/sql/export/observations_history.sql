-- The public view observations_history, as exported.
SELECT * FROM observations_history
