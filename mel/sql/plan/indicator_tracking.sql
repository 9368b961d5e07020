-- For one member: every indicator of the common framework and of its plan, with baseline,
-- target, the latest value (and its women/men split, and whether its quarter is approved), the
-- history, and the achievement.
WITH obs AS (
    SELECT indicator_code, period, period_start, sex, value, source, recorded_at, recorded_by, is_demo
    FROM observations_current
    WHERE member_code = $member AND period_start <= $today
),
total AS (SELECT * FROM obs WHERE sex = 'total'),
latest AS (
    SELECT * FROM total
    QUALIFY row_number() OVER (PARTITION BY indicator_code ORDER BY period_start DESC) = 1
),
history AS (
    SELECT indicator_code, list(value ORDER BY period_start) AS history, count(*) AS values_reported
    FROM total GROUP BY indicator_code
),
by_sex AS (
    SELECT o.indicator_code,
           max(o.value) FILTER (WHERE o.sex = 'women') AS women,
           max(o.value) FILTER (WHERE o.sex = 'men') AS men
    FROM obs o JOIN latest l ON l.indicator_code = o.indicator_code AND l.period = o.period
    GROUP BY o.indicator_code
)
SELECT i.code, i.principle, p.position AS principle_position, i.level, i.unit, i.direction, i.by_sex,
       g.baseline_value, g.baseline_on, g.target_value, g.target_on, g.target_set_by, g.target_source,
       i.name_en, i.name_fr, i.name_ar, i.numerator_en, i.numerator_fr, i.numerator_ar,
       i.denominator_en, i.denominator_fr, i.denominator_ar,
       l.period AS latest_period, l.value AS latest_value, l.source, l.recorded_at, l.recorded_by, l.is_demo,
       achievement(l.value, g.baseline_value, g.target_value, i.direction) AS achievement,
       h.history, coalesce(h.values_reported, 0) AS values_reported, s.women, s.men,
       -- drafts are marked where they are shown (the latest value of a quarter not approved)
       l.period IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM approved_quarters q WHERE q.member_code = $member AND q.period = l.period
       ) AS latest_is_draft
FROM indicators i
JOIN targets g ON g.indicator_code = i.code AND g.member_code = $member
JOIN core.principles p ON p.code = i.principle
LEFT JOIN latest l ON l.indicator_code = i.code
LEFT JOIN history h ON h.indicator_code = i.code
LEFT JOIN by_sex s ON s.indicator_code = i.code
WHERE i.level IN ('network', 'plan')
   OR i.project_id IN (SELECT project_id FROM projects WHERE member_code = $member)
ORDER BY p.position, i.code
