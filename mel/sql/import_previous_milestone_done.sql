-- A milestone's done date, note and author in the update before $version.
SELECT done_on, note, recorded_by FROM core.milestone_updates
WHERE milestone_id = $milestone AND version < $version
ORDER BY version DESC
LIMIT 1
