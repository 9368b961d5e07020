-- The public view comments, as exported.
SELECT * FROM comments
