-- For one member: each indicator's total value in the period before its latest one (as of $today),
-- beside indicator_tracking.sql's latest value.
SELECT indicator_code, period AS previous_period, value AS previous_value
FROM observations_current
WHERE member_code = $member AND sex = 'total' AND period_start <= $today
QUALIFY row_number() OVER (PARTITION BY indicator_code ORDER BY period_start DESC) = 2
