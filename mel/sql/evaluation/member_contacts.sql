-- Each member in view with its region and the focal point of its latest programme: the name
-- (a person named in public sources first, else the one the plan workbook gives), e-mail, phone.
WITH m AS (SELECT * FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[])),
latest_plan AS (
    SELECT * FROM plans QUALIFY row_number() OVER (PARTITION BY member_code ORDER BY cycle DESC) = 1
)
SELECT m.member_code, m.region_code, m.region_name_fr, m.region_name_ar,
       p.focal_point_fr, p.focal_point_ar, p.focal_point_email, p.focal_point_phone
FROM m LEFT JOIN latest_plan p USING (member_code)
ORDER BY m.member_code
