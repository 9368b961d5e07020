-- The public view quarter_steps, as exported.
SELECT * FROM quarter_steps
