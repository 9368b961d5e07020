-- The member's values of its $quarters latest quarters up to $period, the latest quarter first.
SELECT indicator_code, period, sex
FROM observations_current
WHERE member_code = $member AND period <= $period
QUALIFY dense_rank() OVER (ORDER BY period DESC) <= $quarters
ORDER BY period DESC, indicator_code, CASE sex WHEN 'total' THEN 0 WHEN 'women' THEN 1 ELSE 2 END
