-- The values a batch wrote, each with the version it superseded (value and provenance) and the
-- key's latest version now, which the reversal supersedes.
SELECT b.observation_id, b.indicator_code, b.member_code, b.period, b.period_start, b.sex,
       p.value AS previous, p.source, p.note, coalesce(p.is_demo, FALSE) AS is_demo, p.recorded_by,
       l.top, l.latest_id
FROM core.observations b
LEFT JOIN core.observations p ON p.observation_id = b.supersedes
JOIN (SELECT indicator_code, member_code, period, sex, max(version) AS top,
             arg_max(observation_id, version) AS latest_id
      FROM core.observations
      WHERE (indicator_code, member_code, period, sex) IN
            (SELECT (indicator_code, member_code, period, sex) FROM core.observations WHERE batch_id = $batch)
      GROUP BY ALL) l
  ON l.indicator_code = b.indicator_code AND l.member_code = b.member_code AND l.period = b.period AND l.sex = b.sex
WHERE b.batch_id = $batch
ORDER BY b.observation_id
