-- The id of the next step of the reporting cycle (under the one-writer lock).
SELECT coalesce(max(event_id), 0) + 1 FROM core.quarter_events
