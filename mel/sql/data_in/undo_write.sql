-- Undoing and redoing an import batch (mel/batches.py).

-- name: batch_info
-- A batch's kind, author, the batch that reversed it and what it did (import, undo, redo).
SELECT kind, recorded_by, undone_by, action FROM core.import_batches WHERE batch_id = $batch

-- name: batch_member_records
-- The member records a batch wrote.
SELECT * FROM core.member_records WHERE batch_id = $batch

-- name: batch_milestone_updates
-- The milestone updates a batch wrote.
SELECT milestone_id, version FROM core.milestone_updates WHERE batch_id = $batch

-- name: batch_participation_events
-- The participation events a batch wrote.
SELECT * FROM core.participation_events WHERE batch_id = $batch

-- name: locked_quarters
-- The locked quarters (under review or approved) an import of values or of milestone dates falls
-- in: reversing it would change them, so it waits for the quarter to be returned or reopened. A
-- milestone's reversal puts back the date before the batch's: both dates count. (A plan's undo
-- withdraws the whole plan: the secretariat's decision, not a correction of a quarter.)
WITH milestone_days AS (
    SELECT u.milestone_id, u.done_on AS day FROM core.milestone_updates u
    JOIN core.import_batches b ON b.batch_id = u.batch_id AND b.kind = 'milestones'
    WHERE u.batch_id = $batch
    UNION ALL
    SELECT u.milestone_id, p.done_on FROM core.milestone_updates u
    JOIN core.import_batches b ON b.batch_id = u.batch_id AND b.kind = 'milestones'
    JOIN core.milestone_updates p ON p.milestone_id = u.milestone_id AND p.version = u.version - 1
    WHERE u.batch_id = $batch
)
SELECT DISTINCT o.member_code, o.period, q.status
FROM core.observations o JOIN locked_quarters q USING (member_code, period)
WHERE o.batch_id = $batch
UNION
SELECT DISTINCT m.member_code, q.period, q.status
FROM milestone_days d
JOIN milestones m USING (milestone_id)
JOIN locked_quarters q ON q.member_code = m.member_code AND q.period = year(d.day) || '-Q' || quarter(d.day)
ORDER BY 1, 2

-- name: newer_versions
-- What a batch wrote that holds another value now, one row per item, with the latest version:
-- undoing the batch would lose that value, so the undo is refused and these are listed. (A newer
-- version holding the batch's own value, as after undoing a later batch, loses nothing.)
SELECT 'observations' AS kind, b.member_code, b.indicator_code || ' · ' || b.period AS item, b.sex,
       n.version, n.recorded_by, n.recorded_at, n.batch_id
FROM core.observations b
JOIN core.observations n USING (indicator_code, member_code, period, sex)
WHERE b.batch_id = $batch AND n.version > b.version
QUALIFY row_number() OVER (PARTITION BY b.observation_id ORDER BY n.version DESC) = 1
    AND n.value IS DISTINCT FROM b.value
UNION ALL
SELECT 'participation', b.member_code, strftime(b.held_on, '%Y-%m-%d') || ' · ' || b.kind, NULL,
       coalesce(n.version, 1), n.recorded_by, n.recorded_at, n.batch_id
FROM core.participation_events b
JOIN core.participation_events n
  ON coalesce(n.supersedes, n.event_id) = coalesce(b.supersedes, b.event_id)
 AND coalesce(n.version, 1) > coalesce(b.version, 1)
WHERE b.batch_id = $batch
QUALIFY row_number() OVER (PARTITION BY b.event_id ORDER BY n.version DESC) = 1
    AND row(n.participants_women, n.participants_men, n.participants_youth, n.cso_count, coalesce(n.withdrawn, FALSE))
        IS DISTINCT FROM
        row(b.participants_women, b.participants_men, b.participants_youth, b.cso_count, coalesce(b.withdrawn, FALSE))
UNION ALL
SELECT 'milestones', m.member_code, CAST(b.milestone_id AS VARCHAR), NULL, n.version, n.recorded_by, n.recorded_at, n.batch_id
FROM core.milestone_updates b
JOIN core.milestone_updates n ON n.milestone_id = b.milestone_id AND n.version > b.version
LEFT JOIN milestones m ON m.milestone_id = b.milestone_id
WHERE b.batch_id = $batch
QUALIFY row_number() OVER (PARTITION BY b.milestone_id, b.version ORDER BY n.version DESC) = 1
    AND n.done_on IS DISTINCT FROM b.done_on
UNION ALL
SELECT 'members', b.member_code, b.kind, NULL, n.version, n.recorded_by, n.recorded_at, n.batch_id
FROM core.member_records b
JOIN core.member_records n ON n.member_code = b.member_code AND n.version > b.version
WHERE b.batch_id = $batch
QUALIFY row_number() OVER (PARTITION BY b.member_code, b.version ORDER BY n.version DESC) = 1
    AND row(n.kind, n.joined_on, n.cohort, n.left_on) IS DISTINCT FROM row(b.kind, b.joined_on, b.cohort, b.left_on)
UNION ALL
SELECT 'plan', b.member_code, CAST(b.cycle AS VARCHAR), NULL, n.version, n.recorded_by, n.recorded_at, n.batch_id
FROM core.plan_versions b
JOIN core.plan_versions n ON n.plan_id = b.plan_id AND n.version > b.version
WHERE b.batch_id = $batch
QUALIFY row_number() OVER (PARTITION BY b.plan_id, b.version ORDER BY n.version DESC) = 1
    AND row(coalesce(n.copied_from, n.version), n.withdrawn) IS DISTINCT FROM row(coalesce(b.copied_from, b.version), b.withdrawn)
UNION ALL
SELECT 'targets', b.member_code, b.indicator_code, NULL, n.version, n.recorded_by, n.recorded_at, n.batch_id
FROM core.target_versions b
JOIN core.target_versions n ON n.member_code = b.member_code AND n.indicator_code = b.indicator_code AND n.version > b.version
WHERE b.batch_id = $batch
QUALIFY row_number() OVER (PARTITION BY b.member_code, b.indicator_code, b.version ORDER BY n.version DESC) = 1
    AND row(n.baseline_value, n.baseline_on, n.target_value, n.target_on, n.withdrawn)
        IS DISTINCT FROM row(b.baseline_value, b.baseline_on, b.target_value, b.target_on, b.withdrawn)
UNION ALL
SELECT 'ieecag', b.member_code, strftime(b.as_of, '%Y-%m-%d'), NULL, n.version, n.recorded_by, n.recorded_at, n.batch_id
FROM core.gender_body_versions b
JOIN core.gender_body_versions n ON n.member_code = b.member_code AND n.as_of = b.as_of AND n.version > b.version
WHERE b.batch_id = $batch
QUALIFY row_number() OVER (PARTITION BY b.member_code, b.as_of, b.version ORDER BY n.version DESC) = 1
    AND row(n.members_women, n.members_men, n.meetings_held, n.opinions_issued, n.opinions_acted_on, n.withdrawn)
        IS DISTINCT FROM row(b.members_women, b.members_men, b.meetings_held, b.opinions_issued, b.opinions_acted_on, b.withdrawn)
ORDER BY 1, 2, 3

-- name: observation_rows
-- The values a batch wrote, each with the version it superseded (value and provenance) and the
-- key's latest version now, which the reversal supersedes.
SELECT b.observation_id, b.indicator_code, b.member_code, b.period, b.period_start, b.sex,
       p.value AS previous, p.source, p.note, coalesce(p.is_demo, FALSE) AS is_demo, p.recorded_by,
       l.top, l.latest_id
FROM core.observations b
LEFT JOIN core.observations p ON p.observation_id = b.supersedes
JOIN (SELECT indicator_code, member_code, period, sex, max(version) AS top,
             arg_max(observation_id, version) AS latest_id
      FROM core.observations
      WHERE (indicator_code, member_code, period, sex) IN
            (SELECT (indicator_code, member_code, period, sex) FROM core.observations WHERE batch_id = $batch)
      GROUP BY ALL) l
  ON l.indicator_code = b.indicator_code AND l.member_code = b.member_code AND l.period = b.period AND l.sex = b.sex
WHERE b.batch_id = $batch
ORDER BY b.observation_id

-- name: insert_observation_undo
-- Append the value a batch replaced as a new version (an undo or redo), with its provenance.
INSERT INTO core.observations (observation_id, indicator_code, member_code, period, period_start, sex, value, source,
                               note, version, supersedes, recorded_by, batch_id, is_demo)
SELECT coalesce(max(observation_id), 0) + 1, $indicator, $member, $period, $period_start, $sex, $value, $source, $note,
       $version, $supersedes, $recorded_by, $batch, $is_demo
FROM core.observations

-- name: member_latest_version
-- The latest record version of a member.
SELECT max(version) FROM core.member_records WHERE member_code = $member

-- name: previous_member_record
-- A member's record before $version, if it had one (a member who had left and joined again).
SELECT * FROM core.member_records WHERE member_code = $member AND version < $version
ORDER BY version DESC
LIMIT 1

-- name: insert_member_undo
-- Append a member record restored by an undo or redo (a new member: left on the day it joined,
-- counted nowhere, the record stays).
INSERT INTO core.member_records (member_code, kind, joined_on, cohort, left_on, dates_estimated, is_demo, source,
                                 source_url, version, recorded_by, batch_id)
VALUES ($member, $kind, $joined_on, $cohort, $left_on, $dates_estimated, $is_demo, $source, $source_url, $version,
        $recorded_by, $batch)

-- name: milestone_latest_version
-- The latest update version of a milestone.
SELECT max(version) FROM core.milestone_updates WHERE milestone_id = $milestone

-- name: previous_milestone_done
-- A milestone's done date, note, author and demo flag in the update before $version.
SELECT done_on, note, recorded_by, is_demo FROM core.milestone_updates
WHERE milestone_id = $milestone AND version < $version
ORDER BY version DESC
LIMIT 1

-- name: milestone_original_done
-- A milestone's done date as its plan first recorded it, before any update (no note, no author).
SELECT done_on, NULL AS note, NULL AS recorded_by, is_demo FROM core.plan_milestones
WHERE milestone_id = $milestone
ORDER BY version DESC LIMIT 1

-- name: participation_latest_version
-- The latest version of a participation event, from the id of its first version.
SELECT max(coalesce(version, 1)) FROM core.participation_events WHERE coalesce(supersedes, event_id) = $root

-- name: previous_participation_event
-- The version of an event before $version, not written by the batch being undone.
SELECT * FROM core.participation_events
WHERE coalesce(supersedes, event_id) = $root AND batch_id IS DISTINCT FROM $batch
  AND coalesce(version, 1) < $version
ORDER BY coalesce(version, 1) DESC
LIMIT 1

-- name: insert_participation_undo
-- Append an event's previous version again (an undo), or withdraw the event if it had none.
INSERT INTO core.participation_events (event_id, member_code, held_on, kind, title, participants_women,
                                       participants_men, participants_youth, cso_count, is_demo, source, version,
                                       supersedes, recorded_at, recorded_by, batch_id, withdrawn)
VALUES ($event_id, $member, $held_on, $kind, $title, $participants_women,
        $participants_men, $participants_youth, $cso_count, $is_demo, $source, $version,
        $supersedes, current_timestamp, $recorded_by, $batch, $withdrawn)

-- name: mark_batch_undone
-- Mark a batch as undone by another batch (its rows all stay).
UPDATE core.import_batches SET undone_by = $undo_batch WHERE batch_id = $batch
