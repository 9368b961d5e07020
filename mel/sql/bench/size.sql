-- How many observation rows the database holds.
SELECT count(*) FROM core.observations
