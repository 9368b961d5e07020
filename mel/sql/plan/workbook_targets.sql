-- A member's own baselines and targets in the plan workbook's columns.
SELECT indicator_code, baseline_value, baseline_on, target_value, target_on, source, is_demo AS demo
FROM member_targets WHERE member_code = $member ORDER BY indicator_code
