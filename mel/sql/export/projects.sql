-- The public view projects, as exported.
SELECT * FROM projects
