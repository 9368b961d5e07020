-- The public view plans, as exported: the focal point's e-mail and phone are not published.
SELECT * EXCLUDE (focal_point_name, focal_point_email, focal_point_phone) FROM plans
