-- A milestone's done date in the update before $version.
SELECT done_on FROM core.milestone_updates
WHERE milestone_id = $milestone AND version < $version
ORDER BY version DESC
LIMIT 1
