-- Record a meeting of a member (append only) with the id next_meeting_id gave.
INSERT INTO core.meetings (meeting_id, member_code, met_on, note, recorded_by)
VALUES ($id, $member, $met_on, $note, $recorded_by)
