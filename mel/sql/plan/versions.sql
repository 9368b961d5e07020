-- Every version of a plan, newest first: when and by whom it was written (an undo's time and
-- person, though the version restores an earlier one's content), from which file, and what it did.
SELECT v.version, coalesce(b.recorded_at, v.recorded_at) AS recorded_at, coalesce(b.recorded_by, v.recorded_by) AS recorded_by,
       CASE WHEN coalesce(b.action, 'import') = 'import' THEN b.file_name END AS file_name,
       coalesce(b.action, 'import') AS action, v.withdrawn, v.copied_from
FROM core.plan_versions v LEFT JOIN core.import_batches b USING (batch_id)
WHERE v.plan_id = $plan
ORDER BY v.version DESC
