-- For each principle (gender included): the average share of the way from baseline to target of
-- the counted members' recent indicator values, and how many indicators stand on track, at risk,
-- off track or with no recent data (they add up to the indicators counted).
WITH scored AS (
    SELECT * FROM indicator_standings($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[], $today,
                                      $fresh_since, $on_track, $amber)
)
SELECT p.code AS principle, p.position,
       avg(s.share) FILTER (WHERE s.standing <> 'no_recent_data') AS achievement,
       count(s.share) FILTER (WHERE s.standing = 'on_track')
           / nullif(count(s.share) FILTER (WHERE s.standing <> 'no_recent_data'), 0) AS share_on_track,
       count(s.standing) FILTER (WHERE s.standing = 'on_track') AS on_track,
       count(s.standing) FILTER (WHERE s.standing = 'at_risk') AS at_risk,
       count(s.standing) FILTER (WHERE s.standing = 'off_track') AS off_track,
       count(s.standing) FILTER (WHERE s.standing = 'no_recent_data') AS no_recent_data,
       count(s.standing) AS values_used
FROM core.principles p LEFT JOIN scored s ON s.principle = p.code
GROUP BY ALL ORDER BY p.position
