-- A milestone's done date, note, author and demo flag in the update before $version.
SELECT done_on, note, recorded_by, is_demo FROM core.milestone_updates
WHERE milestone_id = $milestone AND version < $version
ORDER BY version DESC
LIMIT 1
