-- The current version of every learning note, with its member's names, its project's titles and
-- the principles of the project's axis; optionally one member's or one principle's only. A note
-- whose project no longer is in a plan is kept (no title, no principle).
SELECT n.note_id, n.version, n.member_code, m.name_ar, m.name_fr,
       n.project_id, p.title_ar, p.title_fr, p.title_en, p.status AS project_status,
       coalesce(x.principles, []::VARCHAR[]) AS principles,
       n.written_at_end_of, n.worked, n.did_not_work, n.differently,
       n.recorded_at, n.recorded_by, u.role AS author_role, n.is_demo
FROM learning_notes n
LEFT JOIN members m ON m.member_code = n.member_code
LEFT JOIN projects p ON p.project_id = n.project_id
LEFT JOIN axes x ON x.axis_id = p.axis_id
LEFT JOIN core.users u ON u.username = n.recorded_by
WHERE ($member IS NULL OR n.member_code = $member)
  AND ($principle IS NULL OR list_contains(x.principles, $principle))
ORDER BY n.recorded_at DESC, n.note_id DESC
