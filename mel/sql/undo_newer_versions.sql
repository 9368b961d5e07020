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
