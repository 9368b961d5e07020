-- Every version of one value, oldest first, traced to its batch (file and SHA-256) and person.
SELECT o.version, o.value, o.is_current, o.recorded_at, o.recorded_by, o.source, o.note, o.batch_id,
       b.file_name, b.sha256, o.observation_id, o.supersedes
FROM observations_history o LEFT JOIN import_batches b USING (batch_id)
WHERE o.member_code = $member AND o.indicator_code = $indicator AND o.period = $period AND o.sex = $sex
ORDER BY o.version
