-- The public view cohorts, as exported.
SELECT * FROM cohorts
