-- The version of an event before $version, not written by the batch being undone.
SELECT * FROM core.participation_events
WHERE coalesce(supersedes, event_id) = $root AND batch_id IS DISTINCT FROM $batch
  AND coalesce(version, 1) < $version
ORDER BY coalesce(version, 1) DESC
LIMIT 1
