-- Append a checked batch of values (the registered frame import_rows) as new versions.
INSERT INTO core.observations (indicator_code, member_code, period, period_start, sex, value, source,
                               note, version, supersedes, recorded_by, batch_id, is_demo)
SELECT indicator_code, member_code, period, period_start, sex, value, source,
       note, version, supersedes, $recorded_by, $batch, FALSE
FROM import_rows
