-- Append a member record restored by an undo or redo (a new member: left on the day it joined,
-- counted nowhere, the record stays).
INSERT INTO core.member_records (member_code, kind, joined_on, cohort, left_on, dates_estimated, is_demo, source,
                                 source_url, version, recorded_by, batch_id)
VALUES ($member, $kind, $joined_on, $cohort, $left_on, $dates_estimated, $is_demo, $source, $source_url, $version,
        $recorded_by, $batch)
