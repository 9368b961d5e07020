-- The members list: one row per current member, with its latest plan's status.
WITH m AS (
    SELECT * FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[])
    WHERE joined_on <= $today AND (left_on IS NULL OR left_on > $today)
),
latest_plan AS (
    SELECT * FROM plans QUALIFY row_number() OVER (PARTITION BY member_code ORDER BY cycle DESC) = 1
)
SELECT m.member_code, m.kind, m.name_fr, m.name_ar, m.region_code, m.region_name_fr, m.region_name_ar,
       m.province_code, m.province_name_fr, m.province_name_ar, m.cohort, m.joined_on,
       p.status AS plan_status, p.adopted_on, m.ogp_local_since, m.population, m.is_demo, m.dates_estimated,
       CASE WHEN NOT m.is_demo THEN m.source END AS source
FROM m LEFT JOIN latest_plan p USING (member_code)
ORDER BY m.region_code, m.kind, m.name_fr
