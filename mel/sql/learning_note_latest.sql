-- A learning note's member and latest version; no row if there is no such note.
SELECT member_code, version FROM core.learning_notes WHERE note_id = $note ORDER BY version DESC LIMIT 1
