-- A plan's current axes in the plan workbook's columns.
SELECT position AS axis, title_ar, title_fr, title_en, principles, is_demo AS demo
FROM axes WHERE plan_id = $plan ORDER BY position
