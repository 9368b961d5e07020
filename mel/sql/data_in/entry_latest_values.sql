-- A member's values for one period, every indicator of the framework (for the entry table).
SELECT i.code AS indicator_code, i.name_en, i.name_fr, i.name_ar, i.unit, s.sex, o.value
FROM indicators i
CROSS JOIN (VALUES ('total'), ('women'), ('men')) s(sex)
LEFT JOIN observations_current o
  ON o.indicator_code = i.code AND o.member_code = $member AND o.period = $period AND o.sex = s.sex
WHERE i.level IN ('network', 'plan') AND (s.sex = 'total' OR i.by_sex)
ORDER BY i.code, s.sex DESC
