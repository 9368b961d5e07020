-- The public view indicators, as exported.
SELECT * FROM indicators
