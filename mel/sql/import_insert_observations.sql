-- Append a checked batch of values (the registered frame import_rows) as new versions.
-- In the order of the unique key's index: a large batch is then added to the index in a fraction
-- of the time (ids follow that order; a parallel scan never kept the file's order anyway).
INSERT INTO core.observations (indicator_code, member_code, period, period_start, sex, value, source,
                               note, version, supersedes, recorded_by, batch_id, is_demo)
SELECT indicator_code, member_code, period, period_start, sex, value, source,
       note, version, supersedes, $recorded_by, $batch, FALSE
FROM import_rows
ORDER BY indicator_code, member_code, period, sex
