-- Members at the end of each month since the network was created, by kind and by cohort.
WITH months AS (
    SELECT (last_day(m))::DATE AS month_end
    FROM generate_series(DATE '2022-10-01', $until::DATE, INTERVAL 1 MONTH) AS g(m)
),
m AS (SELECT * FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[]))
SELECT months.month_end, m.kind, m.cohort, count(*) AS members
FROM months
JOIN m ON m.joined_on <= months.month_end AND (m.left_on IS NULL OR m.left_on > months.month_end)
GROUP BY ALL
ORDER BY months.month_end, m.kind, m.cohort
