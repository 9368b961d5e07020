-- A milestone's done date in its original record, before any update.
SELECT done_on FROM core.milestones WHERE milestone_id = $milestone
