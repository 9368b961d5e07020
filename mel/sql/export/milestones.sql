-- The public view milestones, as exported.
SELECT * FROM milestones
