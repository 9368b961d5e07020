-- The meetings at which a member's leaders review their action plan: one row per meeting
-- recorded, never updated or deleted. The latest meeting before a day is where "done since the
-- last meeting" starts (mel/meeting.py).
CREATE SEQUENCE core.meeting_seq START 1;
CREATE TABLE core.meetings (
    meeting_id INTEGER PRIMARY KEY DEFAULT nextval('core.meeting_seq'),
    member_code VARCHAR NOT NULL,
    met_on DATE NOT NULL,
    note VARCHAR,
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    recorded_by VARCHAR NOT NULL
);
