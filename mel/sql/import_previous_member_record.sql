-- A member's record before $version, if it had one (a member who had left and joined again).
SELECT * FROM core.member_records WHERE member_code = $member AND version < $version
ORDER BY version DESC
LIMIT 1
