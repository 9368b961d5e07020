-- The sourced reference figures on some topics, oldest first.
SELECT * FROM core.reference_figures WHERE list_contains($topics::VARCHAR[], topic) ORDER BY on_date, figure
