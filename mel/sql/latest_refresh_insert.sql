-- Recompute the latest value of every member indicator the write touched.
INSERT INTO core.latest_values
SELECT c.member_code, c.indicator_code, c.sex, c.period, c.period_start, c.value
FROM core.current_observations c
JOIN (SELECT DISTINCT indicator_code, member_code, sex FROM core.observations WHERE observation_id > $mark) t
  USING (indicator_code, member_code, sex)
WHERE c.value IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY c.member_code, c.indicator_code, c.sex ORDER BY c.period_start DESC) = 1;
