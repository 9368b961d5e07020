-- Action plans, members' own targets and IEECAG records arrive as data (the plan workbook,
-- mel/imports/plans.py). Each accepted workbook writes a new version of the plan; nothing is
-- updated or deleted. Identities are stable across versions: a plan by (member, cycle), an axis
-- by its number, a project by its code, a milestone by (project code, number), so that milestone
-- updates and evaluators' assessments keep pointing at the same thing when a plan is revised.
CREATE TABLE core.plan_versions (
    plan_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    member_code VARCHAR NOT NULL,
    cycle INTEGER NOT NULL CHECK (cycle >= 1),
    status VARCHAR NOT NULL CHECK (status IN ('co_creation', 'adopted', 'implementation', 'completed')),
    co_created_on DATE,
    adopted_on DATE,
    start_on DATE,
    end_on DATE,
    focal_point_name VARCHAR,
    focal_point_email VARCHAR,
    focal_point_phone VARCHAR,
    source VARCHAR,
    is_demo BOOLEAN NOT NULL,
    withdrawn BOOLEAN NOT NULL DEFAULT FALSE,  -- an undo of a plan's first version
    copied_from INTEGER,  -- an undo or redo restores an earlier version: the version whose content this is
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    recorded_by VARCHAR NOT NULL,
    batch_id INTEGER,
    PRIMARY KEY (plan_id, version)
);

CREATE TABLE core.plan_axes (
    plan_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    axis_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    title_ar VARCHAR, title_fr VARCHAR, title_en VARCHAR,
    principles VARCHAR[] NOT NULL,
    is_demo BOOLEAN NOT NULL,
    PRIMARY KEY (plan_id, version, position)
);

CREATE TABLE core.plan_projects (
    plan_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    project_id INTEGER NOT NULL,
    code VARCHAR NOT NULL,
    axis_position INTEGER NOT NULL,
    title_ar VARCHAR, title_fr VARCHAR, title_en VARCHAR,
    aim_ar VARCHAR, aim_fr VARCHAR, aim_en VARCHAR,
    lead_service VARCHAR,
    budget_mad DECIMAL(14, 2),
    spent_mad DECIMAL(14, 2),
    start_on DATE,
    end_on DATE,
    status VARCHAR NOT NULL CHECK (status IN ('not_started', 'in_progress', 'completed', 'suspended')),
    weight DOUBLE,
    is_demo BOOLEAN NOT NULL,
    PRIMARY KEY (plan_id, version, code)
);

CREATE TABLE core.plan_milestones (
    plan_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    milestone_id INTEGER NOT NULL,
    project_code VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    title_ar VARCHAR, title_fr VARCHAR, title_en VARCHAR,
    due_on DATE NOT NULL,
    weight DOUBLE,
    done_on DATE,  -- only in plans from before this migration: done dates are milestone updates
    is_demo BOOLEAN NOT NULL,
    PRIMARY KEY (plan_id, version, project_code, position)
);

-- A member's own baseline and target for an indicator; where none, the network's applies.
CREATE TABLE core.target_versions (
    member_code VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    baseline_value DOUBLE, baseline_on DATE,
    target_value DOUBLE, target_on DATE,
    source VARCHAR,
    is_demo BOOLEAN NOT NULL,
    withdrawn BOOLEAN NOT NULL DEFAULT FALSE,  -- back to the network's target
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    recorded_by VARCHAR NOT NULL,
    batch_id INTEGER,
    PRIMARY KEY (member_code, indicator_code, version)
);

CREATE TABLE core.gender_body_versions (
    member_code VARCHAR NOT NULL,
    as_of DATE NOT NULL,
    version INTEGER NOT NULL,
    created_on DATE,
    members_women INTEGER CHECK (members_women >= 0),
    members_men INTEGER CHECK (members_men >= 0),
    meetings_held INTEGER CHECK (meetings_held >= 0),
    opinions_issued INTEGER CHECK (opinions_issued >= 0),
    opinions_acted_on INTEGER CHECK (opinions_acted_on >= 0),
    took_part_in_co_creation BOOLEAN,
    source VARCHAR,
    is_demo BOOLEAN NOT NULL,
    withdrawn BOOLEAN NOT NULL DEFAULT FALSE,
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    recorded_by VARCHAR NOT NULL,
    batch_id INTEGER,
    PRIMARY KEY (member_code, as_of, version)
);

ALTER TABLE core.milestone_updates ADD COLUMN is_demo BOOLEAN DEFAULT FALSE;

-- What databases built before held moves into the versioned tables as version 1.
INSERT INTO core.plan_versions
SELECT a.plan_id, 1, a.member_code, a.cycle, a.status, a.co_created_on, a.adopted_on, a.start_on, a.end_on,
       f.name_fr, NULL, NULL, a.source, a.is_demo, FALSE, NULL, TIMESTAMP '2024-11-12 09:00:00', 'system', NULL
FROM core.action_plans a LEFT JOIN core.people f ON f.person_id = a.focal_point_id;

INSERT INTO core.plan_axes
SELECT x.plan_id, 1, x.axis_id, x.position, x.title_ar, x.title_fr, x.title_en,
       coalesce((SELECT list(ap.principle ORDER BY ap.principle) FROM core.axis_principles ap
                 WHERE ap.axis_id = x.axis_id), []::VARCHAR[]),
       x.is_demo
FROM core.axes x;

INSERT INTO core.plan_projects
SELECT pr.plan_id, 1, pr.project_id, 'P' || pr.project_id, x.position,
       pr.title_ar, pr.title_fr, pr.title_en, pr.aim_ar, pr.aim_fr, pr.aim_en, pr.lead_service,
       pr.budget_mad, pr.spent_mad, pr.start_on, pr.end_on, pr.status, NULL, pr.is_demo
FROM core.projects pr JOIN core.axes x ON x.axis_id = pr.axis_id;

INSERT INTO core.plan_milestones
SELECT pr.plan_id, 1, ms.milestone_id, 'P' || pr.project_id, ms.position, ms.title_ar, ms.title_fr, ms.title_en,
       ms.due_on, ms.weight, ms.done_on, ms.is_demo
FROM core.milestones ms JOIN core.projects pr USING (project_id);

-- Assessments recorded with the projects become the projects' first assessment.
INSERT INTO core.assessments
SELECT project_id, 0, completion, opened_government, verifiable, TIMESTAMP '2024-11-12 09:00:00', 'demo'
FROM core.projects
WHERE completion IS NOT NULL OR opened_government IS NOT NULL OR verifiable IS NOT NULL;

INSERT INTO core.gender_body_versions
SELECT member_code, as_of, 1, created_on, members_women, members_men, meetings_held, opinions_issued,
       opinions_acted_on, took_part_in_co_creation, NULL, is_demo, FALSE, TIMESTAMP '2024-11-12 09:00:00', 'system', NULL
FROM core.gender_bodies;

DROP TABLE core.milestones;
DROP TABLE core.projects;
DROP TABLE core.axis_principles;
DROP TABLE core.axes;
DROP TABLE core.action_plans;
DROP VIEW gender_bodies;
DROP TABLE core.gender_bodies;

-- The public views: the current version of each plan (plan_history keeps them all).
CREATE VIEW plan_history AS SELECT * FROM core.plan_versions;

CREATE OR REPLACE VIEW plans AS
WITH current_versions AS (
    SELECT * FROM core.plan_versions
    QUALIFY row_number() OVER (PARTITION BY plan_id ORDER BY version DESC) = 1
),
named_focal_points AS (
    SELECT member_code, any_value(name_fr) AS name_fr, any_value(name_ar) AS name_ar
    FROM core.people WHERE is_focal_point GROUP BY member_code
)
SELECT c.plan_id, c.member_code, c.cycle, c.co_created_on, c.adopted_on, c.start_on, c.end_on, c.status,
       coalesce(f.name_fr, c.focal_point_name) AS focal_point_fr,
       coalesce(f.name_ar, c.focal_point_name) AS focal_point_ar,
       c.is_demo, c.source, c.version, c.focal_point_name, c.focal_point_email, c.focal_point_phone,
       c.recorded_at, c.recorded_by, c.batch_id
FROM current_versions c
LEFT JOIN named_focal_points f USING (member_code)
WHERE NOT c.withdrawn;

CREATE OR REPLACE VIEW axes AS
SELECT a.axis_id, a.plan_id, a.position, a.title_ar, a.title_fr, a.title_en, a.is_demo, a.principles, p.member_code
FROM core.plan_axes a JOIN plans p ON p.plan_id = a.plan_id AND p.version = a.version;

CREATE VIEW axis_principles AS
SELECT axis_id, unnest(principles) AS principle FROM axes;

CREATE OR REPLACE VIEW milestones AS
WITH latest AS (
    SELECT * FROM core.milestone_updates
    QUALIFY row_number() OVER (PARTITION BY milestone_id ORDER BY version DESC) = 1
)
SELECT ms.milestone_id, pr.project_id, ms.position, ms.title_ar, ms.title_fr, ms.title_en, ms.weight, ms.due_on,
       CASE WHEN u.milestone_id IS NULL THEN ms.done_on ELSE u.done_on END AS done_on,
       CASE WHEN u.milestone_id IS NULL THEN ms.is_demo ELSE coalesce(u.is_demo, FALSE) END AS is_demo,
       ms.plan_id, p.member_code, ms.project_code
FROM core.plan_milestones ms
JOIN plans p ON p.plan_id = ms.plan_id AND p.version = ms.version
JOIN core.plan_projects pr ON pr.plan_id = ms.plan_id AND pr.version = ms.version AND pr.code = ms.project_code
LEFT JOIN latest u USING (milestone_id);

-- progress: the share of the milestones' weight that is done (equal weights where none is set);
-- relevance follows the principles of the project's axis.
CREATE OR REPLACE VIEW projects AS
WITH rollup AS (
    SELECT project_id,
           count(*) AS milestones_total,
           count(done_on) AS milestones_done,
           sum(CASE WHEN done_on IS NOT NULL THEN coalesce(weight, 1) ELSE 0 END)
               / nullif(sum(coalesce(weight, 1)), 0) AS progress
    FROM milestones GROUP BY project_id
),
assessed AS (
    SELECT * FROM core.assessments
    QUALIFY row_number() OVER (PARTITION BY project_id ORDER BY version DESC) = 1
)
SELECT pr.project_id, pr.plan_id, x.axis_id, pr.code, pr.title_ar, pr.title_fr, pr.title_en,
       pr.aim_ar, pr.aim_fr, pr.aim_en, pr.lead_service, pr.budget_mad, pr.spent_mad, pr.start_on, pr.end_on,
       pr.status, pr.weight, a.completion, a.opened_government, a.verifiable,
       nullif(array_to_string(list_sort(list_distinct(list_transform(
           list_filter(x.principles, lambda q: q <> 'digitalisation'),
           lambda q: CASE WHEN q IN ('transparency', 'access_to_information') THEN 'transparency'
                     WHEN q = 'participation' THEN 'participation' ELSE 'accountability' END))), ','), '') AS relevance,
       pr.is_demo, p.member_code, coalesce(r.milestones_total, 0) AS milestones_total,
       coalesce(r.milestones_done, 0) AS milestones_done,
       CASE WHEN pr.status = 'completed' THEN 1.0 ELSE coalesce(r.progress, 0) END AS progress,
       a.recorded_by AS assessed_by, a.recorded_at AS assessed_at, pr.axis_position
FROM core.plan_projects pr
JOIN plans p ON p.plan_id = pr.plan_id AND p.version = pr.version
JOIN core.plan_axes x ON x.plan_id = pr.plan_id AND x.version = pr.version AND x.position = pr.axis_position
LEFT JOIN rollup r USING (project_id)
LEFT JOIN assessed a USING (project_id);

CREATE VIEW gender_body_history AS
SELECT * FROM core.gender_body_versions
QUALIFY row_number() OVER (PARTITION BY member_code, as_of ORDER BY version DESC) = 1 AND NOT withdrawn;

CREATE VIEW gender_bodies AS
SELECT member_code, as_of, created_on, members_women, members_men, meetings_held, opinions_issued,
       opinions_acted_on, took_part_in_co_creation, is_demo, source
FROM gender_body_history
QUALIFY row_number() OVER (PARTITION BY member_code ORDER BY as_of DESC) = 1;

-- Each member's own targets, and the target in force for every member and indicator: the
-- member's own where it set one, the network's otherwise (target_set_by says which).
CREATE VIEW member_targets AS
SELECT * FROM core.target_versions
QUALIFY row_number() OVER (PARTITION BY member_code, indicator_code ORDER BY version DESC) = 1 AND NOT withdrawn;

CREATE VIEW targets AS
SELECT m.member_code, i.code AS indicator_code,
       CASE WHEN t.member_code IS NULL THEN i.baseline_value ELSE t.baseline_value END AS baseline_value,
       CASE WHEN t.member_code IS NULL THEN i.baseline_on ELSE t.baseline_on END AS baseline_on,
       CASE WHEN t.member_code IS NULL THEN i.target_value ELSE t.target_value END AS target_value,
       CASE WHEN t.member_code IS NULL THEN i.target_on ELSE t.target_on END AS target_on,
       CASE WHEN t.member_code IS NULL THEN 'network' ELSE 'member' END AS target_set_by,
       t.source AS target_source, coalesce(t.is_demo, FALSE) AS target_is_demo
FROM (SELECT DISTINCT member_code FROM core.member_records) m
CROSS JOIN core.indicators i
LEFT JOIN member_targets t ON t.member_code = m.member_code AND t.indicator_code = i.code;
