-- One indicator in one period: each filtered member's total, women and men values, and whether
-- those values are demo (the value's own flag, not the member's).
WITH m AS (SELECT * FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[]))
SELECT m.member_code, m.name_fr, m.name_ar, m.kind, m.region_code, m.region_name_fr, m.region_name_ar, m.cohort,
       bool_or(o.is_demo) AS is_demo,
       max(o.value) FILTER (WHERE o.sex = 'total') AS total,
       max(o.value) FILTER (WHERE o.sex = 'women') AS women,
       max(o.value) FILTER (WHERE o.sex = 'men') AS men
FROM observations_current o JOIN m USING (member_code)
WHERE o.indicator_code = $indicator AND o.period = $period
GROUP BY ALL
ORDER BY total DESC NULLS LAST
