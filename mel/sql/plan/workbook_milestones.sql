-- A plan's current milestones in the plan workbook's columns, each with its done date as recorded now.
SELECT ms.project_code, ms.position AS milestone, ms.title_ar, ms.title_fr, ms.title_en, ms.due_on, ms.weight,
       m.done_on, ms.is_demo AS demo
FROM core.plan_milestones ms
JOIN plans p ON p.plan_id = ms.plan_id AND p.version = ms.version
JOIN milestones m USING (milestone_id)
WHERE ms.plan_id = $plan
ORDER BY ms.project_code, ms.position
