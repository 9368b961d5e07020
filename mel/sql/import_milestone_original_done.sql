-- A milestone's done date as its plan first recorded it, before any update (no note, no author).
SELECT done_on, NULL AS note, NULL AS recorded_by, is_demo FROM core.plan_milestones
WHERE milestone_id = $milestone
ORDER BY version DESC LIMIT 1
