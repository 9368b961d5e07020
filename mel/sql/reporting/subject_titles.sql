-- The titles of the milestones and projects asked, by subject and key (as comments name them).
SELECT DISTINCT 'milestone' AS subject, milestone_id::VARCHAR AS subject_key, title_ar, title_fr, title_en
FROM milestones WHERE list_contains($milestones::INTEGER[], milestone_id)
UNION ALL
SELECT DISTINCT 'project', project_id::VARCHAR, title_ar, title_fr, title_en
FROM projects WHERE list_contains($projects::INTEGER[], project_id)
