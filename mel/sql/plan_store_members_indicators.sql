-- What a plan workbook may name: the members (current records) and the indicators with their unit.
SELECT 'member' AS item, member_code AS code, NULL AS unit, NULL AS by_sex FROM members
UNION ALL
SELECT 'indicator', code, unit, by_sex FROM core.indicators
