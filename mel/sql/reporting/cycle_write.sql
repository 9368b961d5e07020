-- The reporting cycle's steps and settings (mel/reporting.py).

-- name: insert_setting
-- A setting's new value; the earlier ones stay, with who set them and when.
INSERT INTO core.settings (name, value, recorded_at, recorded_by) VALUES ($name, $value, $at, $by)

-- name: next_event_id
-- The id of the next step of the reporting cycle (under the one-writer lock).
SELECT coalesce(max(event_id), 0) + 1 FROM core.quarter_events

-- name: insert_step
-- One step of a member's quarter.
INSERT INTO core.quarter_events (event_id, member_code, period, action, comment, recorded_at, recorded_by, is_demo)
VALUES ($id, $member, $period, $action, $comment, $at, $by, FALSE)

-- name: last_step
-- The latest step of a member's quarter (no row: none yet).
SELECT last_action FROM quarter_steps WHERE member_code = $member AND period = $period

-- name: values_entered
-- How many values the member has for $period.
SELECT count(*) FROM core.current_observations WHERE member_code = $member AND period = $period AND value IS NOT NULL

-- name: locked
-- The locked quarters of the members asked: submitted (under review) or approved.
SELECT member_code, period, status FROM locked_quarters WHERE list_contains($members::VARCHAR[], member_code)
