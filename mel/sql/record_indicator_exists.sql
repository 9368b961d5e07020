-- 1 if the indicator exists, no row otherwise.
SELECT 1 FROM indicators WHERE code = $indicator
