-- Append the value a batch replaced as a new version (an undo), superseding the batch's row.
INSERT INTO core.observations (indicator_code, member_code, period, period_start, sex, value, note,
                               version, supersedes, recorded_by, batch_id, is_demo)
VALUES ($indicator, $member, $period, $period_start, $sex, $value, $note,
        $version, $supersedes, $recorded_by, $batch, FALSE)
