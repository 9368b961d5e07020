-- The evaluator's matrix: for each member in view and each common indicator (of $principle, or
-- all when it is NULL), the latest total value within the window of quarters ($first_start to
-- $last_start), nothing dated after $today, and its share of the way from the member's baseline
-- to its target (its own, else the network's). A member without a value keeps its row.
WITH m AS (
    SELECT * FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[])
    WHERE joined_on <= $today AND (left_on IS NULL OR left_on > $today)
),
latest AS (
    SELECT o.member_code, o.indicator_code, o.period, o.value
    FROM observations_current o JOIN m USING (member_code)
    WHERE o.sex = 'total' AND o.period_start BETWEEN $first_start AND $last_start AND o.period_start <= $today
    QUALIFY row_number() OVER (PARTITION BY o.member_code, o.indicator_code ORDER BY o.period_start DESC) = 1
)
SELECT m.member_code, m.name_fr, m.name_ar, m.region_code, m.region_name_fr, m.region_name_ar, m.kind, m.cohort,
       m.is_demo, i.code AS indicator_code, i.principle, p.position AS principle_position, i.unit,
       l.period, l.value, g.baseline_value, g.target_value,
       achievement(l.value, g.baseline_value, g.target_value, i.direction) AS achievement
FROM m CROSS JOIN indicators i
JOIN core.principles p ON p.code = i.principle
LEFT JOIN targets g ON g.member_code = m.member_code AND g.indicator_code = i.code
LEFT JOIN latest l ON l.member_code = m.member_code AND l.indicator_code = i.code
WHERE i.level IN ('network', 'plan') AND ($principle::VARCHAR IS NULL OR i.principle = $principle::VARCHAR)
ORDER BY m.member_code, p.position, i.code
