-- The public view gender_bodies, as exported.
SELECT * FROM gender_bodies
