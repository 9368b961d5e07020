-- Every version of a plan: when, by whom, from which file, and whether it undid or restored one.
SELECT v.version, v.recorded_at, v.recorded_by, b.file_name, coalesce(b.action, 'import') AS action, v.withdrawn,
       v.copied_from
FROM core.plan_versions v LEFT JOIN core.import_batches b USING (batch_id)
WHERE v.plan_id = $plan
ORDER BY v.version DESC
