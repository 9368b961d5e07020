-- A member's meetings, latest first.
SELECT meeting_id, member_code, met_on, note, recorded_at, recorded_by
FROM meetings
WHERE member_code = $member
ORDER BY met_on DESC, meeting_id DESC
