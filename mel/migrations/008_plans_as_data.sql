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
DROP VIEW IF EXISTS gender_bodies;  -- the view of databases built before
DROP TABLE core.gender_bodies;
