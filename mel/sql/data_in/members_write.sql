-- Imports of the registry of members (mel/imports/members.py).

-- name: collectivities
-- Every collectivity with its level, names and whether it can be a member.
SELECT code, level, name_fr, name_ar, can_be_member FROM collectivities

-- name: current
-- Every member code with the date it left (NULL while it is a member).
SELECT member_code, left_on FROM members

-- name: versions
-- The latest record version of each member.
SELECT member_code, max(version) FROM core.member_records GROUP BY 1

-- name: insert_batch
-- Start a members import batch with the id next_batch_id gave.
INSERT INTO core.import_batches (batch_id, kind, file_name, sha256, rows_written, recorded_by)
VALUES ($id, 'members', $file_name, $sha256, $rows_written, $recorded_by)

-- name: insert_record
-- Append a member record from an import.
INSERT INTO core.member_records (member_code, kind, joined_on, cohort, is_demo, source, source_url, version,
                                 recorded_by, batch_id)
VALUES ($member, $kind, $joined_on, $cohort, FALSE, $source, $source_url, $version, $recorded_by, $batch)
