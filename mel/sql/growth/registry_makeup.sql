-- Members in view today: named in public sources (real) or demo placeholders.
SELECT
    count(*) AS members,
    count(*) FILTER (WHERE NOT is_demo) AS named,
    count(*) FILTER (WHERE is_demo) AS placeholders
FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[])
WHERE joined_on <= $today AND (left_on IS NULL OR left_on > $today)
