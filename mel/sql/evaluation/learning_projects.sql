-- A member's projects, completed ones first, then the latest to end.
SELECT project_id, title_ar, title_fr, title_en, status, end_on
FROM projects
WHERE member_code = $member
ORDER BY status = 'completed' DESC, end_on DESC NULLS LAST, project_id
