-- The latest version of the listed plans ($keys: 'member|cycle'), withdrawn or not.
SELECT * FROM core.plan_versions
WHERE list_contains($keys, member_code || '|' || cycle)
QUALIFY row_number() OVER (PARTITION BY plan_id ORDER BY version DESC) = 1
