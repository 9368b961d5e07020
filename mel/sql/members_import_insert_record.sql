-- Append a member record from an import.
INSERT INTO core.member_records (member_code, kind, joined_on, cohort, is_demo, source, source_url, version,
                                 recorded_by, batch_id)
VALUES ($member, $kind, $joined_on, $cohort, FALSE, $source, $source_url, $version, $recorded_by, $batch)
