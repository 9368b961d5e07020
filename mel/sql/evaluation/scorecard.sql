-- Members x principles (and gender): the share of each member's indicators whose latest value
-- is on track (at least $on_track of the way from baseline to target).
WITH m AS (
    SELECT * FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[])
    WHERE joined_on <= $today AND (left_on IS NULL OR left_on > $today)
),
latest AS (
    SELECT l.member_code, l.indicator_code, l.value
    FROM latest_values l JOIN m USING (member_code)
    WHERE l.sex = 'total' AND l.period_start <= $today
)
SELECT m.member_code, m.name_fr, m.name_ar, m.kind, m.region_code, m.region_name_fr, m.region_name_ar, m.cohort,
       m.is_demo, i.principle,
       count(*) AS indicators,
       count(*) FILTER (WHERE achievement(l.value, g.baseline_value, g.target_value, i.direction) >= $on_track)
           AS on_track,
       count(*) FILTER (WHERE achievement(l.value, g.baseline_value, g.target_value, i.direction) >= $on_track)
           / count(*) AS share_on_track
FROM latest l JOIN m USING (member_code) JOIN indicators i ON i.code = l.indicator_code
JOIN targets g ON g.member_code = l.member_code AND g.indicator_code = l.indicator_code
GROUP BY ALL
ORDER BY m.member_code, i.principle
