-- The listed members' own targets as recorded now, and the latest version number of each (withdrawn too).
SELECT member_code, indicator_code, version, baseline_value, baseline_on, target_value, target_on, source, is_demo,
       withdrawn
FROM core.target_versions
WHERE list_contains($members, member_code)
QUALIFY row_number() OVER (PARTITION BY member_code, indicator_code ORDER BY version DESC) = 1
