-- The public view plans, as exported.
SELECT * FROM plans
