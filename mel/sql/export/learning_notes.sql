-- The public view learning_notes, as exported.
SELECT * FROM learning_notes
