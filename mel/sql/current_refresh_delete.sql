-- Drop the derived rows of every key the write touched (the observations themselves stay).
DELETE FROM core.current_observations c
USING (SELECT DISTINCT indicator_code, member_code, period, sex FROM core.observations WHERE observation_id > $mark) t
WHERE c.indicator_code = t.indicator_code AND c.member_code = t.member_code AND c.period = t.period AND c.sex = t.sex;
