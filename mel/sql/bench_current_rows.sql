-- The rows the heaviest aggregation reads, for the same computation in pandas.
SELECT indicator_code, period, sex, value FROM observations_current
