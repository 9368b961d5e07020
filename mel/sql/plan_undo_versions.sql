-- The plan versions a batch wrote, each with the version before it (none for a plan's first).
SELECT b.plan_id, b.version,
       (SELECT max(p.version) FROM core.plan_versions p WHERE p.plan_id = b.plan_id AND p.version < b.version) AS previous,
       (SELECT max(p.version) FROM core.plan_versions p WHERE p.plan_id = b.plan_id) AS top
FROM core.plan_versions b WHERE b.batch_id = $batch
