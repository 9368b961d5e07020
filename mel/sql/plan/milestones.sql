-- A plan's milestones with their project, for the timeline.
SELECT ms.milestone_id, ms.project_id, ms.position, ms.title_ar, ms.title_fr, ms.title_en, ms.weight,
       ms.due_on, ms.done_on, pr.title_ar AS project_ar, pr.title_fr AS project_fr, pr.title_en AS project_en,
       pr.start_on AS project_start, pr.end_on AS project_end, pr.status AS project_status
FROM milestones ms JOIN projects pr USING (project_id)
WHERE pr.plan_id = $plan_id
ORDER BY pr.project_id, ms.position
