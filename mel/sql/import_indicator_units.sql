-- Every indicator with its unit and whether it is reported by sex.
SELECT code, unit, by_sex FROM indicators
