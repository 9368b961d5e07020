-- Drop the latest-value rows of every member indicator the write touched.
DELETE FROM core.latest_values l
USING (SELECT DISTINCT indicator_code, member_code, sex FROM core.observations WHERE observation_id > $mark) t
WHERE l.indicator_code = t.indicator_code AND l.member_code = t.member_code AND l.sex = t.sex;
