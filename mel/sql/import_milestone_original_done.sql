-- A milestone's done date in its original record, before any update (no note, no author).
SELECT done_on, NULL AS note, NULL AS recorded_by FROM core.milestones WHERE milestone_id = $milestone
