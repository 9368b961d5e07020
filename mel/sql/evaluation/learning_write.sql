-- Learning notes on projects (mel/learning.py).

-- name: project_member
-- The member whose plan holds a project; no row if no plan holds it.
SELECT member_code FROM projects WHERE project_id = $project

-- name: next_note_id
-- The next learning note id (ids are given under the one-writer lock: a lake has no sequences).
SELECT coalesce(max(note_id), 0) + 1 FROM core.learning_notes

-- name: note_latest
-- A learning note's member and latest version; no row if there is no such note.
SELECT member_code, version FROM core.learning_notes WHERE note_id = $note ORDER BY version DESC LIMIT 1

-- name: insert_note
-- Append a version of a learning note (a correction is a new version: nothing is overwritten).
INSERT INTO core.learning_notes (note_id, version, member_code, project_id, written_at_end_of, worked, did_not_work,
                                 differently, recorded_at, recorded_by, is_demo)
VALUES ($note, $version, $member, $project, $end_of, $worked, $did_not_work, $differently, $at, $recorded_by, FALSE)
