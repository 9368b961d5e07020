-- Indicators for the explorer's picker.
SELECT i.code, i.name_en, i.name_fr, i.name_ar, i.unit, i.by_sex, i.principle, p.position
FROM indicators i JOIN core.principles p ON p.code = i.principle
ORDER BY p.position, i.code
