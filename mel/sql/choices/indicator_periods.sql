-- The periods that have values for an indicator, newest first.
SELECT DISTINCT period, period_start FROM observations_current
WHERE indicator_code = $indicator ORDER BY period_start DESC
