-- Undoing and redoing a plan workbook's batch (mel/imports/plans.py).

-- name: batch_ids
-- $n new batch ids at once, in order (for a database being built).
SELECT (SELECT coalesce(max(batch_id), 0) FROM core.import_batches) + range + 1 AS batch_id FROM range($n) ORDER BY range

-- name: members_indicators
-- What a plan workbook may name: the members (current records) and the indicators with their unit.
SELECT 'member' AS item, member_code AS code, NULL AS unit, NULL AS by_sex FROM members
UNION ALL
SELECT 'indicator', code, unit, by_sex FROM core.indicators

-- name: versions
-- The plan versions a batch wrote, each with the version before it (none for a plan's first).
SELECT b.plan_id, b.version,
       (SELECT max(p.version) FROM core.plan_versions p WHERE p.plan_id = b.plan_id AND p.version < b.version) AS previous,
       (SELECT max(p.version) FROM core.plan_versions p WHERE p.plan_id = b.plan_id) AS top
FROM core.plan_versions b WHERE b.batch_id = $batch

-- name: copy_plan
-- Restore a plan version as the newest (or withdraw the plan): a copy keeping who recorded it,
-- when, its source and demo flag; the batch is the undo's.
INSERT INTO core.plan_versions
SELECT * REPLACE (
    $to AS version, $withdraw OR withdrawn AS withdrawn,
    CASE WHEN $withdraw THEN NULL ELSE coalesce(copied_from, version) END AS copied_from, $batch AS batch_id)
FROM core.plan_versions WHERE plan_id = $plan AND version = $from

-- name: copy_axes
-- The axes of a restored plan version, copied as they were.
INSERT INTO core.plan_axes
SELECT * REPLACE ($to AS version) FROM core.plan_axes WHERE plan_id = $plan AND version = $from

-- name: copy_projects
-- The projects of a restored plan version, copied as they were.
INSERT INTO core.plan_projects
SELECT * REPLACE ($to AS version) FROM core.plan_projects WHERE plan_id = $plan AND version = $from

-- name: copy_milestones
-- The milestones of a restored plan version, copied as they were.
INSERT INTO core.plan_milestones
SELECT * REPLACE ($to AS version) FROM core.plan_milestones WHERE plan_id = $plan AND version = $from

-- name: copy_target
-- Restore a target version as the newest, keeping its provenance (or withdraw it).
INSERT INTO core.target_versions
SELECT * REPLACE ($to AS version, $withdraw OR withdrawn AS withdrawn, $batch AS batch_id)
FROM core.target_versions WHERE member_code = $member AND indicator_code = $key AND version = $from

-- name: target_rows
-- The target versions a batch wrote, each with the version before it and the latest one.
SELECT b.member_code, b.indicator_code, b.version,
       (SELECT max(p.version) FROM core.target_versions p
        WHERE p.member_code = b.member_code AND p.indicator_code = b.indicator_code AND p.version < b.version) AS previous,
       (SELECT max(p.version) FROM core.target_versions p
        WHERE p.member_code = b.member_code AND p.indicator_code = b.indicator_code) AS top
FROM core.target_versions b WHERE b.batch_id = $batch

-- name: copy_ieecag
-- Restore an IEECAG record version as the newest, keeping its provenance (or withdraw it).
INSERT INTO core.gender_body_versions
SELECT * REPLACE ($to AS version, $withdraw OR withdrawn AS withdrawn, $batch AS batch_id)
FROM core.gender_body_versions WHERE member_code = $member AND as_of = $key AND version = $from

-- name: ieecag_rows
-- The IEECAG record versions a batch wrote, each with the version before it and the latest one.
SELECT b.member_code, b.as_of, b.version,
       (SELECT max(p.version) FROM core.gender_body_versions p
        WHERE p.member_code = b.member_code AND p.as_of = b.as_of AND p.version < b.version) AS previous,
       (SELECT max(p.version) FROM core.gender_body_versions p
        WHERE p.member_code = b.member_code AND p.as_of = b.as_of) AS top
FROM core.gender_body_versions b WHERE b.batch_id = $batch
