-- Record a meeting of a member (append only) and return its id.
INSERT INTO core.meetings (member_code, met_on, note, recorded_by)
VALUES ($member, $met_on, $note, $recorded_by)
RETURNING meeting_id
