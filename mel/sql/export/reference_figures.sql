-- The public view reference_figures, as exported.
SELECT * FROM reference_figures
