-- A member's milestones with their current state, for the entry table.
SELECT ms.milestone_id, ms.title_ar, ms.title_fr, ms.title_en, pr.title_fr AS project_fr, pr.title_ar AS project_ar,
       pr.title_en AS project_en, ms.due_on, ms.done_on
FROM milestones ms JOIN projects pr USING (project_id)
WHERE ms.member_code = $member ORDER BY ms.due_on
