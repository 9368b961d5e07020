-- One step of a member's quarter.
INSERT INTO core.quarter_events (event_id, member_code, period, action, comment, recorded_at, recorded_by, is_demo)
VALUES ($id, $member, $period, $action, $comment, $at, $by, FALSE)
