-- The axes of a plan with their openness principles.
SELECT axis_id, position, title_ar, title_fr, title_en, principles, is_demo
FROM axes WHERE plan_id = $plan_id ORDER BY position
