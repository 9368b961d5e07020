-- Imports of values, participation events and milestone updates (mel/imports/), and their batches.

-- name: insert_batch
-- Start a batch with the id next_batch_id gave (an undo or redo names the batch it reverses);
-- the build gives its own time, so that two builds are identical.
INSERT INTO core.import_batches (batch_id, kind, file_name, sha256, rows_written, recorded_by, undoes, action, recorded_at)
VALUES ($id, $kind, $file_name, $sha256, $rows_written, $recorded_by, $undoes, $action,
        coalesce(CAST($recorded_at AS TIMESTAMP), current_timestamp))

-- name: set_batch_rows
-- Set how many rows a batch wrote (known only once an undo has run).
UPDATE core.import_batches SET rows_written = $rows_written WHERE batch_id = $batch

-- name: next_batch_id
-- The next batch id (ids are given under the one-writer lock: a lake has no sequences).
SELECT coalesce(max(batch_id), 0) + 1 FROM core.import_batches

-- name: member_codes
-- Every member code, past and current.
SELECT member_code FROM members

-- name: indicator_units
-- Every indicator with its unit and whether it is reported by sex.
SELECT code, unit, by_sex FROM indicators

-- name: plan_windows
-- Per member: the earliest start of its plans (co-created, adopted or started) and the latest end.
SELECT member_code, min(coalesce(co_created_on, adopted_on, start_on)), max(end_on)
FROM plans
GROUP BY 1

-- name: current_values
-- The current value, version and id of every sex for the keys in the registered table import_keys.
SELECT o.member_code, o.indicator_code, o.period, o.sex, o.value AS old_value, o.version AS old_version,
       o.observation_id AS old_id
FROM core.observations o
JOIN import_keys k USING (member_code, indicator_code, period)
QUALIFY row_number() OVER (PARTITION BY o.member_code, o.indicator_code, o.period, o.sex
                           ORDER BY o.version DESC) = 1

-- name: insert_observations
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

-- name: participation_current
-- The current participation events, to compare an imported file with.
SELECT event_id, member_code, held_on, kind, title, participants_women, participants_men, version
FROM participation

-- name: event_root
-- The first version's id of a participation event (the id every later version supersedes).
SELECT coalesce(supersedes, event_id) FROM core.participation_events WHERE event_id = $event_id

-- name: max_event_id
-- The highest participation event id so far (0 if none).
SELECT coalesce(max(event_id), 0) FROM core.participation_events

-- name: insert_participation_event
-- Append an imported participation event (a correction supersedes the event's first version).
INSERT INTO core.participation_events (event_id, member_code, held_on, kind, title, participants_women,
                                       participants_men, participants_youth, cso_count, is_demo, source, version,
                                       supersedes, recorded_at, recorded_by, batch_id)
VALUES ($event_id, $member, $held_on, $kind, $title, $participants_women,
        $participants_men, $participants_youth, $cso_count, FALSE, 'import', $version,
        $supersedes, current_timestamp, $recorded_by, $batch)

-- name: milestones_known
-- Every milestone with its member, current done date, French title and latest update version.
SELECT ms.milestone_id, ms.member_code, ms.done_on, ms.title_fr,
       (SELECT max(version) FROM core.milestone_updates u WHERE u.milestone_id = ms.milestone_id) AS version
FROM milestones ms

-- name: insert_milestone_update
-- Append a new version of a milestone's done date.
INSERT INTO core.milestone_updates (milestone_id, version, done_on, note, recorded_by, batch_id, is_demo)
VALUES ($milestone, $version, $done_on, $note, $recorded_by, $batch, $is_demo)
