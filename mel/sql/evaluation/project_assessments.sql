-- A member's projects with their current OGP-style assessment, for the evaluators' editor.
SELECT project_id, title_ar, title_fr, title_en, status, progress, completion, opened_government, verifiable,
       assessed_by, assessed_at
FROM projects WHERE member_code = $member ORDER BY project_id
