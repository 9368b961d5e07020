-- The public view members, as exported.
SELECT * FROM members
