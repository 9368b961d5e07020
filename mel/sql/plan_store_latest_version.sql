-- The latest version of a member's plan for one cycle, withdrawn or not (none if never imported).
SELECT * FROM core.plan_versions
WHERE member_code = $member AND cycle = $cycle
ORDER BY version DESC LIMIT 1
