-- The next learning note id (ids are given under the one-writer lock: a lake has no sequences).
SELECT coalesce(max(note_id), 0) + 1 FROM core.learning_notes
