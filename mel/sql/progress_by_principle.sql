-- For each principle: the average share of the way from baseline to target reached by the
-- latest value of each member's indicators (capped to 0-100 %), and the share on track.
WITH m AS (SELECT member_code FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[])),
latest AS (
    SELECT l.* FROM latest_values l JOIN m USING (member_code)
    WHERE l.sex = 'total' AND l.period_start <= $today
),
scored AS (
    SELECT i.principle, greatest(0, least(1, achievement(l.value, g.baseline_value, g.target_value, i.direction))) AS a
    FROM latest l JOIN indicators i ON i.code = l.indicator_code
    JOIN targets g ON g.member_code = l.member_code AND g.indicator_code = l.indicator_code
)
SELECT p.code AS principle, p.position, avg(a) AS achievement,
       avg(CASE WHEN a >= $on_track THEN 1.0 ELSE 0.0 END) AS share_on_track,
       count(a) AS values_used
FROM core.principles p LEFT JOIN scored s ON s.principle = p.code
GROUP BY ALL ORDER BY p.position
