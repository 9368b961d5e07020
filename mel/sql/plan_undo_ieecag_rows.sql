-- The IEECAG record versions a batch wrote, each with the version before it and the latest one.
SELECT b.member_code, b.as_of, b.version,
       (SELECT max(p.version) FROM core.gender_body_versions p
        WHERE p.member_code = b.member_code AND p.as_of = b.as_of AND p.version < b.version) AS previous,
       (SELECT max(p.version) FROM core.gender_body_versions p
        WHERE p.member_code = b.member_code AND p.as_of = b.as_of) AS top
FROM core.gender_body_versions b WHERE b.batch_id = $batch
