-- A plan's projects with progress rolled up from milestones and whether they are late today.
WITH overdue AS (
    SELECT project_id, count(*) FILTER (WHERE done_on IS NULL AND due_on < $today) AS n
    FROM milestones GROUP BY project_id
)
SELECT pr.project_id, a.position AS axis_position, a.title_ar AS axis_ar, a.title_fr AS axis_fr, a.title_en AS axis_en,
       pr.title_ar, pr.title_fr, pr.title_en, pr.lead_service, pr.budget_mad, pr.spent_mad, pr.start_on, pr.end_on,
       pr.status, pr.progress, pr.milestones_total, pr.milestones_done, coalesce(o.n, 0) AS milestones_overdue,
       project_is_late(pr.status, pr.end_on, coalesce(o.n, 0), $today) AS is_late,
       pr.completion, pr.opened_government, pr.verifiable, pr.relevance, pr.is_demo
FROM projects pr
JOIN axes a ON a.axis_id = pr.axis_id
LEFT JOIN overdue o USING (project_id)
WHERE pr.plan_id = $plan_id
ORDER BY a.position, pr.code
