-- Speed at national scale: the current version of every value, and the latest period of each
-- member's indicator, kept as tables (derived from core.observations, refreshed in the same
-- transaction as every write) instead of windows computed on every read.
CREATE TABLE core.current_observations AS
SELECT indicator_code, member_code, period, period_start, sex, value, source, note,
       version, recorded_at, recorded_by, batch_id, is_demo, observation_id
FROM core.observations
QUALIFY row_number() OVER (PARTITION BY indicator_code, member_code, period, sex ORDER BY version DESC) = 1;

CREATE TABLE core.latest_values AS
SELECT member_code, indicator_code, sex, period, period_start, value
FROM core.current_observations
WHERE value IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY member_code, indicator_code, sex ORDER BY period_start DESC) = 1;
