-- OGP Local membership in detail, and OGP commitments on local open government (members' local
-- plans and Morocco's national plans), with press figures of progress. Loaded from data/ogp_*.csv
-- by mel.ogp.load: IDs, titles, dates and links, never OGP's own texts.
-- A column is added with its default, then made NOT NULL (one ALTER cannot do both everywhere).
ALTER TABLE core.ogp_local ADD COLUMN date_precision VARCHAR DEFAULT 'day';   -- day | month | year
ALTER TABLE core.ogp_local ADD COLUMN date_estimated BOOLEAN DEFAULT FALSE;
ALTER TABLE core.ogp_local ADD COLUMN plans VARCHAR[];                  -- OGP Local action plans, 'YYYY-YYYY'
ALTER TABLE core.ogp_local ADD COLUMN joint_plan BOOLEAN DEFAULT FALSE;  -- one plan shared by several members
ALTER TABLE core.ogp_local ALTER COLUMN date_precision SET NOT NULL;
ALTER TABLE core.ogp_local ALTER COLUMN date_estimated SET NOT NULL;
ALTER TABLE core.ogp_local ALTER COLUMN joint_plan SET NOT NULL;
ALTER TABLE core.ogp_local ADD COLUMN ogp_page_url VARCHAR;             -- the member's page on opengovpartnership.org
ALTER TABLE core.ogp_local ADD COLUMN source_url VARCHAR;

CREATE TABLE core.ogp_commitments (
    commitment_id VARCHAR PRIMARY KEY,                                  -- OGP's ID: MATET0003, MO0065
    scope VARCHAR NOT NULL CHECK (scope IN ('local', 'national')),
    collectivity_code VARCHAR REFERENCES core.collectivities(code),     -- the OGP Local member; NULL if national
    action_plan VARCHAR NOT NULL,                                       -- 'YYYY-YYYY'
    title_en VARCHAR NOT NULL, title_fr VARCHAR NOT NULL, title_ar VARCHAR NOT NULL,
    title_translated VARCHAR[] NOT NULL,                                -- languages whose title is a translation of OGP's
    start_on DATE, end_on DATE,
    date_precision VARCHAR CHECK (date_precision IN ('day', 'month', 'year')),  -- 'month': shown as month and year
    dates_estimated BOOLEAN NOT NULL DEFAULT FALSE,
    ogp_values VARCHAR[],                                               -- access_to_information, civic_participation, ...
    lead_institution VARCHAR, lead_institution_fr VARCHAR, lead_institution_ar VARCHAR,
    url VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    CHECK ((scope = 'national') = (collectivity_code IS NULL))
);

CREATE TABLE core.ogp_progress (
    action_plan VARCHAR NOT NULL,          -- a national action plan, 'YYYY-YYYY'
    commitment_id VARCHAR,                 -- NULL: the whole plan
    progress DOUBLE NOT NULL CHECK (progress BETWEEN 0 AND 1),
    as_of DATE,                            -- NULL: the source gives no date
    is_press BOOLEAN NOT NULL,             -- a press report, not an official figure
    publisher VARCHAR NOT NULL,            -- who published the figure, as shown beside it
    source VARCHAR NOT NULL,
    source_url VARCHAR
);
