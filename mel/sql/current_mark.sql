-- The highest observation id before a write: rows above it are the write's.
SELECT coalesce(max(observation_id), 0) FROM core.observations
