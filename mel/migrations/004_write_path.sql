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

-- The milestones view now reads each milestone's latest update, if any.
CREATE OR REPLACE VIEW milestones AS
WITH latest AS (
    SELECT * FROM core.milestone_updates
    QUALIFY row_number() OVER (PARTITION BY milestone_id ORDER BY version DESC) = 1
)
SELECT ms.milestone_id, ms.project_id, ms.position, ms.title_ar, ms.title_fr, ms.title_en, ms.weight, ms.due_on,
       CASE WHEN u.milestone_id IS NULL THEN ms.done_on ELSE u.done_on END AS done_on,
       ms.is_demo AND u.milestone_id IS NULL AS is_demo,
       pr.plan_id, pl.member_code
FROM core.milestones ms
JOIN core.projects pr USING (project_id)
JOIN core.action_plans pl ON pl.plan_id = pr.plan_id
LEFT JOIN latest u USING (milestone_id);

CREATE OR REPLACE VIEW projects AS
WITH rollup AS (
    SELECT project_id,
           count(*) AS milestones_total,
           count(done_on) AS milestones_done,
           sum(CASE WHEN done_on IS NOT NULL THEN coalesce(weight, 1) ELSE 0 END)
               / nullif(sum(coalesce(weight, 1)), 0) AS progress
    FROM milestones GROUP BY project_id
)
SELECT pr.*, pl.member_code, coalesce(r.milestones_total, 0) AS milestones_total,
       coalesce(r.milestones_done, 0) AS milestones_done,
       CASE WHEN pr.status = 'completed' THEN 1.0 ELSE coalesce(r.progress, 0) END AS progress
FROM core.projects pr
JOIN core.action_plans pl USING (plan_id)
LEFT JOIN rollup r USING (project_id);

-- Participation events: the latest version of each, withdrawn ones left out.
CREATE OR REPLACE VIEW participation AS
WITH latest AS (
    SELECT * FROM core.participation_events
    QUALIFY row_number() OVER (PARTITION BY coalesce(supersedes, event_id) ORDER BY coalesce(version, 1) DESC) = 1
)
SELECT event_id, member_code, held_on, kind, title, participants_women, participants_men, participants_youth,
       cso_count, is_demo, source, coalesce(version, 1) AS version, recorded_at, recorded_by, batch_id,
       participants_women + participants_men AS participants_total,
       participants_women / nullif(participants_women + participants_men, 0) AS women_share
FROM latest WHERE NOT coalesce(withdrawn, FALSE);

CREATE VIEW import_batches AS SELECT * FROM core.import_batches;
