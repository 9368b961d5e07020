-- Every step of a member's quarter, oldest first.
SELECT event_id, period, action, comment, recorded_at, recorded_by, is_demo
FROM quarter_events WHERE member_code = $member AND period = $period
ORDER BY event_id
