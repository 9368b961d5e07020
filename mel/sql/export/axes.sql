-- The public view axes, as exported.
SELECT * FROM axes
