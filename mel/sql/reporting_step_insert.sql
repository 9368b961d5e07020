-- One step of a member's quarter, given the next id.
INSERT INTO core.quarter_events (event_id, member_code, period, action, comment, recorded_at, recorded_by, is_demo)
SELECT coalesce(max(event_id), 0) + 1, $member, $period, $action, $comment, $at, $by, FALSE
FROM core.quarter_events
RETURNING event_id
