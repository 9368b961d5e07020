-- Public facts as data: the network's published member counts (discrepancies kept), the cohorts'
-- calendars, and reference figures, each row with its source. Reloaded from data/ by every build
-- and upgrade; the registry of members stays in core.member_records.
DROP TABLE core.network_milestones;

CREATE TABLE core.published_counts (
    count_id INTEGER PRIMARY KEY,
    on_date DATE NOT NULL,
    date_precision VARCHAR NOT NULL CHECK (date_precision IN ('day', 'month', 'year')),
    members INTEGER, regions INTEGER, councils INTEGER, communes INTEGER,
    cohort INTEGER,                    -- the cohort this count closes, when it is one the registry follows
    registry_follows BOOLEAN NOT NULL, -- false: another source's figure, shown beside, not followed
    label_en VARCHAR, label_fr VARCHAR, label_ar VARCHAR,
    source VARCHAR NOT NULL,           -- a short citation: outlet and date
    source_url VARCHAR,
    note VARCHAR                       -- what the source says, for whoever maintains the data
);

CREATE TABLE core.cohorts (
    cohort INTEGER PRIMARY KEY,
    joined_on DATE NOT NULL,           -- the cohort's date, for a named member with no published date of its own
    joined_from DATE NOT NULL, joined_to DATE NOT NULL,
    co_creation_from DATE, co_creation_to DATE,
    adoption_from DATE, adoption_to DATE,
    start_on DATE, end_on DATE,
    source VARCHAR NOT NULL
);

CREATE TABLE core.reference_figures (
    figure VARCHAR PRIMARY KEY,
    topic VARCHAR NOT NULL,
    value DOUBLE,
    unit VARCHAR NOT NULL,
    on_date DATE NOT NULL,
    date_precision VARCHAR NOT NULL CHECK (date_precision IN ('day', 'month', 'year')),
    label_en VARCHAR, label_fr VARCHAR, label_ar VARCHAR,
    source VARCHAR NOT NULL,
    source_url VARCHAR
);

ALTER TABLE core.member_records ADD COLUMN source_url VARCHAR;
