-- The framework's indicators (by sex where split) with no value of the member for $period.
SELECT i.code AS indicator_code, s.sex, i.name_en, i.name_fr, i.name_ar
FROM indicators i
CROSS JOIN (VALUES ('total'), ('women'), ('men')) s(sex)
WHERE i.level IN ('network', 'plan') AND (s.sex = 'total' OR i.by_sex)
  AND NOT EXISTS (
      SELECT 1 FROM core.current_observations o
      WHERE o.indicator_code = i.code AND o.member_code = $member AND o.period = $period AND o.sex = s.sex
        AND o.value IS NOT NULL)
ORDER BY i.code, s.sex DESC
