-- Which members report by sex: for the indicators recorded by sex, values reported in total
-- and values reported with a women / men split.
WITH m AS (SELECT * FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[])),
totals AS (
    SELECT o.member_code, o.indicator_code, o.period
    FROM observations_current o JOIN indicators i ON i.code = o.indicator_code
    WHERE i.by_sex AND o.sex = 'total'
),
splits AS (
    SELECT DISTINCT o.member_code, o.indicator_code, o.period
    FROM observations_current o JOIN indicators i ON i.code = o.indicator_code
    WHERE i.by_sex AND o.sex = 'women'
)
SELECT m.member_code, m.name_fr, m.name_ar, m.kind, m.is_demo,
       count(t.period) AS values_reported,
       count(s.period) AS values_by_sex
FROM m LEFT JOIN totals t USING (member_code)
LEFT JOIN splits s ON s.member_code = t.member_code AND s.indicator_code = t.indicator_code AND s.period = t.period
GROUP BY ALL ORDER BY values_by_sex DESC, m.name_fr
