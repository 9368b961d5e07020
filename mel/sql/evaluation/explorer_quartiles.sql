-- One indicator over time: the network's quartiles per period, for a chosen value
-- (total, women, men, or the gap women - men).
WITH m AS (SELECT member_code FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[])),
per_member AS (
    SELECT o.member_code, o.period, o.period_start,
           max(o.value) FILTER (WHERE o.sex = 'total') AS total,
           max(o.value) FILTER (WHERE o.sex = 'women') AS women,
           max(o.value) FILTER (WHERE o.sex = 'men') AS men
    FROM observations_current o JOIN m USING (member_code)
    WHERE o.indicator_code = $indicator
    GROUP BY ALL
),
chosen AS (
    SELECT period, period_start,
           CASE $measure WHEN 'total' THEN total WHEN 'women' THEN women WHEN 'men' THEN men
                         WHEN 'gap' THEN women - men END AS value
    FROM per_member
)
SELECT period, period_start, quantile_cont(value, 0.25) AS q1, median(value) AS median,
       quantile_cont(value, 0.75) AS q3, count(value) AS members
FROM chosen WHERE value IS NOT NULL
GROUP BY ALL ORDER BY period_start
