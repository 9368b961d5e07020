-- The focal point of each member's latest plan: names in French and Arabic, e-mail, phone.
SELECT member_code, focal_point_fr, focal_point_ar, focal_point_email, focal_point_phone
FROM plans
WHERE list_contains($members::VARCHAR[], member_code)
QUALIFY row_number() OVER (PARTITION BY member_code ORDER BY cycle DESC) = 1
