-- The member's projects and milestones, the latest plan first, each project before its milestones.
SELECT subject, subject_key, title_ar, title_fr, title_en
FROM (
    SELECT 'project' AS subject, project_id::VARCHAR AS subject_key, title_ar, title_fr, title_en,
           plan_id, code AS project_code, 0 AS position
    FROM projects WHERE member_code = $member
    UNION ALL
    SELECT 'milestone', milestone_id::VARCHAR, title_ar, title_fr, title_en, plan_id, project_code, position
    FROM milestones WHERE member_code = $member
)
ORDER BY plan_id DESC, project_code, position, subject_key
