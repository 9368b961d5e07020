-- A member's own targets as recorded now, and the latest version number of each (withdrawn too).
SELECT indicator_code, version, baseline_value, baseline_on, target_value, target_on, source, is_demo, withdrawn
FROM core.target_versions
WHERE member_code = $member
QUALIFY row_number() OVER (PARTITION BY indicator_code ORDER BY version DESC) = 1
