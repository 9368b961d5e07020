-- The network's published member counts and events, oldest first, with their sources.
SELECT * FROM core.published_counts ORDER BY on_date, count_id
