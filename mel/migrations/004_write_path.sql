-- Users and roles; versioned milestone updates and participation events; undo of import batches.
CREATE TABLE core.users (
    username VARCHAR PRIMARY KEY,
    display_name VARCHAR,
    password_hash VARCHAR NOT NULL,          -- Argon2id
    role VARCHAR NOT NULL CHECK (role IN ('focal_point', 'evaluator', 'administrator')),
    member_code VARCHAR,                     -- a focal point's own member
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- A milestone's status is never overwritten: each update is a new version.
CREATE TABLE core.milestone_updates (
    milestone_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    done_on DATE,                            -- NULL: not done (or an update undone)
    note VARCHAR,
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    recorded_by VARCHAR NOT NULL,
    batch_id INTEGER,
    PRIMARY KEY (milestone_id, version)
);

ALTER TABLE core.participation_events ADD COLUMN version INTEGER DEFAULT 1;
ALTER TABLE core.participation_events ADD COLUMN supersedes INTEGER;
ALTER TABLE core.participation_events ADD COLUMN recorded_at TIMESTAMP;
ALTER TABLE core.participation_events ADD COLUMN recorded_by VARCHAR;
ALTER TABLE core.participation_events ADD COLUMN batch_id INTEGER;
ALTER TABLE core.participation_events ADD COLUMN withdrawn BOOLEAN DEFAULT FALSE;

ALTER TABLE core.import_batches ADD COLUMN undoes INTEGER;
