-- Members on a given day, by kind (joined on or before it, not left by then).
SELECT kind, count(*) AS members
FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[])
WHERE joined_on <= $on AND (left_on IS NULL OR left_on > $on)
GROUP BY kind ORDER BY kind
