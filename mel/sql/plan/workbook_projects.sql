-- A plan's current projects in the plan workbook's columns.
SELECT pr.code AS project_code, pr.axis_position AS axis, pr.title_ar, pr.title_fr, pr.title_en, pr.aim_ar, pr.aim_fr,
       pr.aim_en, pr.lead_service, CAST(pr.budget_mad AS DOUBLE) AS budget_mad, CAST(pr.spent_mad AS DOUBLE) AS spent_mad,
       pr.start_on, pr.end_on, pr.status, pr.weight, pr.is_demo AS demo
FROM core.plan_projects pr JOIN plans p ON p.plan_id = pr.plan_id AND p.version = pr.version
WHERE pr.plan_id = $plan
ORDER BY pr.axis_position, pr.code
