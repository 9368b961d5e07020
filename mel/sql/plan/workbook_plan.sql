-- A member's current plan (its latest cycle, or $cycle) in the plan workbook's columns.
SELECT plan_id, member_code, cycle, status, co_created_on, adopted_on, start_on, end_on, focal_point_name,
       focal_point_email, focal_point_phone, source, is_demo AS demo
FROM plans
WHERE member_code = $member AND ($cycle IS NULL OR cycle = $cycle)
ORDER BY cycle DESC LIMIT 1
