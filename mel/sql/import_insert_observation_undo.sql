-- Append the value a batch replaced as a new version (an undo or redo), with its provenance.
INSERT INTO core.observations (observation_id, indicator_code, member_code, period, period_start, sex, value, source,
                               note, version, supersedes, recorded_by, batch_id, is_demo)
SELECT coalesce(max(observation_id), 0) + 1, $indicator, $member, $period, $period_start, $sex, $value, $source, $note,
       $version, $supersedes, $recorded_by, $batch, $is_demo
FROM core.observations
