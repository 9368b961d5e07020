-- The derived tables of current and latest values, refreshed after every write (mel/db.py) and
-- rebuilt whole by the build and the as-of copy.

-- name: tables_exist
-- Whether the derived current-value tables exist yet (they come with migration 006).
SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'core' AND table_name = 'current_observations'

-- name: mark
-- The highest observation id before a write: rows above it are the write's.
SELECT coalesce(max(observation_id), 0) FROM core.observations

-- name: current_delete
-- Drop the derived rows of every key the write touched (the observations themselves stay).
DELETE FROM core.current_observations c
USING (SELECT DISTINCT indicator_code, member_code, period, sex FROM core.observations WHERE observation_id > $mark) t
WHERE c.indicator_code = t.indicator_code AND c.member_code = t.member_code AND c.period = t.period AND c.sex = t.sex;

-- name: current_insert
-- Recompute the current version of every key the write touched.
INSERT INTO core.current_observations
SELECT o.indicator_code, o.member_code, o.period, o.period_start, o.sex, o.value, o.source, o.note,
       o.version, o.recorded_at, o.recorded_by, o.batch_id, o.is_demo, o.observation_id
FROM core.observations o
JOIN (SELECT DISTINCT indicator_code, member_code, period, sex FROM core.observations WHERE observation_id > $mark) t
  USING (indicator_code, member_code, period, sex)
QUALIFY row_number() OVER (PARTITION BY o.indicator_code, o.member_code, o.period, o.sex ORDER BY o.version DESC) = 1;

-- name: latest_delete
-- Drop the latest-value rows of every member indicator the write touched.
DELETE FROM core.latest_values l
USING (SELECT DISTINCT indicator_code, member_code, sex FROM core.observations WHERE observation_id > $mark) t
WHERE l.indicator_code = t.indicator_code AND l.member_code = t.member_code AND l.sex = t.sex;

-- name: latest_insert
-- Recompute the latest value of every member indicator the write touched.
INSERT INTO core.latest_values
SELECT c.member_code, c.indicator_code, c.sex, c.period, c.period_start, c.value
FROM core.current_observations c
JOIN (SELECT DISTINCT indicator_code, member_code, sex FROM core.observations WHERE observation_id > $mark) t
  USING (indicator_code, member_code, sex)
WHERE c.value IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY c.member_code, c.indicator_code, c.sex ORDER BY c.period_start DESC) = 1;

-- name: members_written_since
-- The members whose values a write added (observations above the mark taken before it).
SELECT DISTINCT member_code FROM core.observations WHERE observation_id > $mark

-- name: approved_delete
-- Drop the approved latest values of the members a write or a step of the cycle touched.
DELETE FROM core.approved_latest_values WHERE list_contains($members::VARCHAR[], member_code);

-- name: approved_insert
-- Recompute the latest approved value of each indicator of the members a write or a step touched.
INSERT INTO core.approved_latest_values
SELECT c.member_code, c.indicator_code, c.sex, c.period, c.period_start, c.value
FROM core.current_observations c JOIN approved_quarters q USING (member_code, period)
WHERE c.value IS NOT NULL AND list_contains($members::VARCHAR[], c.member_code)
QUALIFY row_number() OVER (PARTITION BY c.member_code, c.indicator_code, c.sex ORDER BY c.period_start DESC) = 1;

-- name: rebuild
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
