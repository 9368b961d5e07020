-- Choices for the global filters: the regions and cohorts that have members.
SELECT DISTINCT 'region' AS filter, region_code AS value, region_name_fr AS label_fr, region_name_ar AS label_ar
FROM members
UNION ALL
SELECT DISTINCT 'cohort', cohort::VARCHAR, NULL, NULL FROM members
ORDER BY 1, 2
