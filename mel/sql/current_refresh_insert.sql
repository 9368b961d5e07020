-- Recompute the current version of every key the write touched.
INSERT INTO core.current_observations
SELECT o.indicator_code, o.member_code, o.period, o.period_start, o.sex, o.value, o.source, o.note,
       o.version, o.recorded_at, o.recorded_by, o.batch_id, o.is_demo, o.observation_id
FROM core.observations o
JOIN (SELECT DISTINCT indicator_code, member_code, period, sex FROM core.observations WHERE observation_id > $mark) t
  USING (indicator_code, member_code, period, sex)
QUALIFY row_number() OVER (PARTITION BY o.indicator_code, o.member_code, o.period, o.sex ORDER BY o.version DESC) = 1;
