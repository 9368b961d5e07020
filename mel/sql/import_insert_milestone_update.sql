-- Append a new version of a milestone's done date.
INSERT INTO core.milestone_updates (milestone_id, version, done_on, note, recorded_by, batch_id, is_demo)
VALUES ($milestone, $version, $done_on, $note, $recorded_by, $batch, $is_demo)
