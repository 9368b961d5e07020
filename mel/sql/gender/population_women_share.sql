-- The women's share of the population of the filtered members (2024 census, municipal population).
SELECT sum(population_women) / nullif(sum(population_women + population_men), 0) AS share
FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[])
