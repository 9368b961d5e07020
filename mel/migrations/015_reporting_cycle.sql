-- The reporting cycle: each member's quarter is submitted by its focal point, then approved or
-- returned by an evaluator; an approved quarter is locked until an evaluator reopens it. Values
-- may be explained by comments and backed by evidence; projects end with learning notes. Every
-- table is append-only: a change is a new row, and what was there stays.

-- Network settings (the reporting deadline): the latest row of a name is in force.
CREATE TABLE core.settings (
    name VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    recorded_by VARCHAR NOT NULL
);

-- Each step of a member's quarter: submit, return (with a comment), approve, reopen (with a reason).
CREATE TABLE core.quarter_events (
    event_id INTEGER PRIMARY KEY,
    member_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL,           -- 2026-Q3
    action VARCHAR NOT NULL CHECK (action IN ('submit', 'return', 'approve', 'reopen')),
    comment VARCHAR,
    recorded_at TIMESTAMP NOT NULL,
    recorded_by VARCHAR NOT NULL,
    is_demo BOOLEAN NOT NULL
);

-- What a comment or a piece of evidence is about: a value (indicator_code|period|sex), a
-- milestone (its id), a project (its id) or a quarter (its period).
CREATE TABLE core.comments (
    comment_id INTEGER PRIMARY KEY,
    member_code VARCHAR NOT NULL,
    subject VARCHAR NOT NULL CHECK (subject IN ('value', 'milestone', 'project', 'quarter')),
    subject_key VARCHAR NOT NULL,
    body VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    recorded_by VARCHAR NOT NULL,
    is_demo BOOLEAN NOT NULL
);

-- A file (stored beside the database under its SHA-256, its type read from its content) or a link.
CREATE TABLE core.evidence (
    evidence_id INTEGER PRIMARY KEY,
    member_code VARCHAR NOT NULL,
    subject VARCHAR NOT NULL CHECK (subject IN ('value', 'milestone', 'project', 'quarter')),
    subject_key VARCHAR NOT NULL,
    sha256 VARCHAR,
    file_name VARCHAR,
    media_type VARCHAR,
    size_bytes BIGINT,
    link VARCHAR,
    recorded_at TIMESTAMP NOT NULL,
    recorded_by VARCHAR NOT NULL,
    is_demo BOOLEAN NOT NULL,
    CHECK ((sha256 IS NULL) <> (link IS NULL))
);

-- What a project taught: written at the end of the project or of the plan's cycle; a
-- correction is a new version of the same note.
CREATE TABLE core.learning_notes (
    note_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    member_code VARCHAR NOT NULL,
    project_id INTEGER NOT NULL,
    written_at_end_of VARCHAR NOT NULL CHECK (written_at_end_of IN ('project', 'cycle')),
    worked VARCHAR,
    did_not_work VARCHAR,
    differently VARCHAR,
    recorded_at TIMESTAMP NOT NULL,
    recorded_by VARCHAR NOT NULL,
    is_demo BOOLEAN NOT NULL,
    PRIMARY KEY (note_id, version)
);

-- Derived, like core.latest_values: the latest value of each member's indicator among its
-- approved quarters (refreshed on every write and on every approval or reopening).
CREATE TABLE core.approved_latest_values AS SELECT * FROM core.latest_values WITH NO DATA;
