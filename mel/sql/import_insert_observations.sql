-- Append a checked batch of values (the registered frame import_rows) as new versions.
-- In the order of the unique key's index, which a large batch then enters in much less time (ids
-- follow that order; the file's order was never theirs: the frame is scanned in parallel).
INSERT INTO core.observations (observation_id, indicator_code, member_code, period, period_start, sex, value, source,
                               note, version, supersedes, recorded_by, batch_id, is_demo)
SELECT (SELECT coalesce(max(observation_id), 0) FROM core.observations)
           + row_number() OVER (ORDER BY indicator_code, member_code, period, sex),
       indicator_code, member_code, period, period_start, sex, value, source,
       note, version, supersedes, $recorded_by, $batch, FALSE
FROM import_rows
ORDER BY indicator_code, member_code, period, sex
