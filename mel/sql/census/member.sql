-- One collectivity's 2024 census figures, one row per sex (all, women, men).
SELECT sex, population, illiteracy_rate, activity_rate, unemployment_rate, schooling_rate_6_to_11
FROM core.census
WHERE code = $member
