-- The latest version of a participation event, from the id of its first version.
SELECT max(coalesce(version, 1)) FROM core.participation_events WHERE coalesce(supersedes, event_id) = $root
