-- The first version's id of a participation event (the id every later version supersedes).
SELECT coalesce(supersedes, event_id) FROM core.participation_events WHERE event_id = $event_id
