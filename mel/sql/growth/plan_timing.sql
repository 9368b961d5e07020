-- From joining to a plan: per cohort, median days from joining to co-creation and to the
-- council's adoption, and how many members have no adopted plan yet.
WITH m AS (
    SELECT * FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[])
    WHERE joined_on <= $today AND (left_on IS NULL OR left_on > $today)
),
first_plan AS (
    SELECT * FROM plans QUALIFY row_number() OVER (PARTITION BY member_code ORDER BY cycle) = 1
)
SELECT m.cohort,
       count(*) AS members,
       median(date_diff('day', m.joined_on, p.co_created_on)) AS median_days_to_co_creation,
       median(date_diff('day', m.joined_on, p.adopted_on)) AS median_days_to_adoption,
       count(*) FILTER (WHERE p.adopted_on IS NULL OR p.adopted_on > $today) AS without_adopted_plan
FROM m LEFT JOIN first_plan p USING (member_code)
GROUP BY m.cohort ORDER BY m.cohort
