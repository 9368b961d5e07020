-- The heaviest aggregation: quartiles of every indicator's current values, per period.
SELECT indicator_code, period,
       quantile_cont(value, 0.25) AS q1, median(value) AS median, quantile_cont(value, 0.75) AS q3, count(*) AS n
FROM observations_current
WHERE sex = 'total'
GROUP BY ALL
