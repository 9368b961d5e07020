-- Recording a member's review meeting (mel/meeting.py).

-- name: already_recorded
-- 1 if a meeting of the member on $met_on is already recorded, no row otherwise.
SELECT 1 FROM meetings WHERE member_code = $member AND met_on = $met_on LIMIT 1

-- name: next_meeting_id
-- The next meeting id (ids are given under the one-writer lock: a lake has no sequences).
SELECT coalesce(max(meeting_id), 0) + 1 FROM core.meetings

-- name: insert_meeting
-- Record a meeting of a member (append only) with the id next_meeting_id gave.
INSERT INTO core.meetings (meeting_id, member_code, met_on, note, recorded_by)
VALUES ($id, $member, $met_on, $note, $recorded_by)
