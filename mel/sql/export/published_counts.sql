-- The public view published_counts, as exported.
SELECT * FROM published_counts
