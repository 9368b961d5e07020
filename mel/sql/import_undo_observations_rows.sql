-- The values a batch wrote, each with the value it superseded and the key's latest version.
SELECT b.observation_id, b.indicator_code, b.member_code, b.period, b.period_start, b.sex,
       (SELECT value FROM core.observations p WHERE p.observation_id = b.supersedes) AS previous,
       (SELECT max(version) FROM core.observations v WHERE v.indicator_code = b.indicator_code
         AND v.member_code = b.member_code AND v.period = b.period AND v.sex = b.sex) AS top
FROM core.observations b
WHERE b.batch_id = $batch
