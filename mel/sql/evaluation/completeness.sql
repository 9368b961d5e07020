-- Data completeness: for each member with an adopted plan and each quarter from its adoption to
-- the last complete quarter, the values expected (each common indicator, by sex where it is
-- disaggregated) and the values reported.
WITH m AS (
    SELECT * FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[])
    WHERE left_on IS NULL
),
plan_start AS (
    SELECT member_code, min(adopted_on) AS adopted_on FROM plans WHERE adopted_on IS NOT NULL GROUP BY 1
),
expected_keys AS (
    SELECT i.code AS indicator_code, s.sex
    FROM indicators i, (VALUES ('total'), ('women'), ('men')) s(sex)
    WHERE i.level IN ('network', 'plan') AND (s.sex = 'total' OR i.by_sex)
),
slots AS (
    SELECT m.member_code, q.quarter_start::DATE AS period_start,
           year(q.quarter_start) || '-Q' || quarter(q.quarter_start) AS period
    FROM m JOIN plan_start p USING (member_code),
         generate_series(date_trunc('quarter', p.adopted_on), $last_start::TIMESTAMP, INTERVAL 3 MONTH) AS q(quarter_start)
),
reported AS (
    SELECT o.member_code, o.period, count(*) AS reported
    FROM observations_current o JOIN expected_keys k USING (indicator_code, sex)
    GROUP BY ALL
)
SELECT s.member_code, m.name_fr, m.name_ar, m.kind, m.region_code, m.cohort, m.is_demo, s.period, s.period_start,
       (SELECT count(*) FROM expected_keys) AS expected, coalesce(r.reported, 0) AS reported
FROM slots s JOIN m USING (member_code)
LEFT JOIN reported r ON r.member_code = s.member_code AND r.period = s.period
ORDER BY s.member_code, s.period_start
