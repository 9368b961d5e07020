-- The latest update version of a milestone.
SELECT max(version) FROM core.milestone_updates WHERE milestone_id = $milestone
