-- Recompute the latest approved value of each indicator of the members a write or a step touched.
INSERT INTO core.approved_latest_values
SELECT c.member_code, c.indicator_code, c.sex, c.period, c.period_start, c.value
FROM core.current_observations c JOIN approved_quarters q USING (member_code, period)
WHERE c.value IS NOT NULL AND list_contains($members::VARCHAR[], c.member_code)
QUALIFY row_number() OVER (PARTITION BY c.member_code, c.indicator_code, c.sex ORDER BY c.period_start DESC) = 1;
