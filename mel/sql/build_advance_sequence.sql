-- Move the observation sequence past ids given by the build (DuckDB has no ALTER SEQUENCE RESTART).
SELECT max(nextval('core.observation_seq')) FROM range($top)
