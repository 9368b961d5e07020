-- The target versions a batch wrote, each with the version before it and the latest one.
SELECT b.member_code, b.indicator_code, b.version,
       (SELECT max(p.version) FROM core.target_versions p
        WHERE p.member_code = b.member_code AND p.indicator_code = b.indicator_code AND p.version < b.version) AS previous,
       (SELECT max(p.version) FROM core.target_versions p
        WHERE p.member_code = b.member_code AND p.indicator_code = b.indicator_code) AS top
FROM core.target_versions b WHERE b.batch_id = $batch
