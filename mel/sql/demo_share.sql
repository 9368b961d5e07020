-- How much of what the filtered members show is demo data (members, values).
WITH m AS (SELECT * FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[]))
SELECT
    (SELECT count(*) FILTER (WHERE is_demo) FROM m) AS demo_members,
    (SELECT count(*) FROM m) AS members,
    (SELECT count(*) FILTER (WHERE o.is_demo) FROM observations_current o JOIN m USING (member_code)) AS demo_values,
    (SELECT count(*) FROM observations_current o JOIN m USING (member_code)) AS values_total
