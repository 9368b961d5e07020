-- The current value, version and id of every sex for the keys in the registered table import_keys.
SELECT o.member_code, o.indicator_code, o.period, o.sex, o.value AS old_value, o.version AS old_version,
       o.observation_id AS old_id
FROM core.observations o
JOIN import_keys k USING (member_code, indicator_code, period)
QUALIFY row_number() OVER (PARTITION BY o.member_code, o.indicator_code, o.period, o.sex
                           ORDER BY o.version DESC) = 1
