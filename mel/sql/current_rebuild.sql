-- Rebuild the derived tables from core.observations (after a database build).
DELETE FROM core.current_observations;
INSERT INTO core.current_observations
SELECT indicator_code, member_code, period, period_start, sex, value, source, note,
       version, recorded_at, recorded_by, batch_id, is_demo, observation_id
FROM core.observations
QUALIFY row_number() OVER (PARTITION BY indicator_code, member_code, period, sex ORDER BY version DESC) = 1;
DELETE FROM core.latest_values;
INSERT INTO core.latest_values
SELECT member_code, indicator_code, sex, period, period_start, value
FROM core.current_observations WHERE value IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY member_code, indicator_code, sex ORDER BY period_start DESC) = 1;
DELETE FROM core.approved_latest_values;
INSERT INTO core.approved_latest_values
SELECT c.member_code, c.indicator_code, c.sex, c.period, c.period_start, c.value
FROM core.current_observations c JOIN approved_quarters q USING (member_code, period)
WHERE c.value IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY c.member_code, c.indicator_code, c.sex ORDER BY c.period_start DESC) = 1;
