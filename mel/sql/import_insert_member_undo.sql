-- Append a member record that left on the day it joined (an undo: counted nowhere, the record stays).
INSERT INTO core.member_records (member_code, kind, joined_on, cohort, left_on, is_demo, source, version,
                                 recorded_by, batch_id)
VALUES ($member, $kind, $joined_on, $cohort, $left_on, FALSE, $source, $version, $recorded_by, $batch)
