-- Each current member in view with its women's and men's 2024 census figures side by side.
WITH m AS (
    SELECT * FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[])
    WHERE joined_on <= $today AND (left_on IS NULL OR left_on > $today)
)
SELECT m.member_code, m.name_fr, m.name_ar, m.kind, m.region_code,
       max(c.population) FILTER (WHERE c.sex = 'women') AS population_women,
       max(c.population) FILTER (WHERE c.sex = 'men') AS population_men,
       max(c.illiteracy_rate) FILTER (WHERE c.sex = 'women') AS illiteracy_rate_women,
       max(c.illiteracy_rate) FILTER (WHERE c.sex = 'men') AS illiteracy_rate_men,
       max(c.activity_rate) FILTER (WHERE c.sex = 'women') AS activity_rate_women,
       max(c.activity_rate) FILTER (WHERE c.sex = 'men') AS activity_rate_men,
       max(c.unemployment_rate) FILTER (WHERE c.sex = 'women') AS unemployment_rate_women,
       max(c.unemployment_rate) FILTER (WHERE c.sex = 'men') AS unemployment_rate_men,
       max(c.schooling_rate_6_to_11) FILTER (WHERE c.sex = 'women') AS schooling_rate_6_to_11_women,
       max(c.schooling_rate_6_to_11) FILTER (WHERE c.sex = 'men') AS schooling_rate_6_to_11_men
FROM m
LEFT JOIN core.census c ON c.code = m.member_code
GROUP BY ALL
ORDER BY m.member_code
