-- The highest participation event id so far (0 if none).
SELECT coalesce(max(event_id), 0) FROM core.participation_events
