-- Append a value as a new version of its key and return its id.
INSERT INTO core.observations (indicator_code, member_code, period, period_start, sex, value,
                               source, note, version, supersedes, recorded_by, is_demo)
VALUES ($indicator, $member, $period, $period_start, $sex, $value,
        $source, $note, $version, $supersedes, $recorded_by, FALSE)
RETURNING observation_id
