-- The latest step of a member's quarter (no row: none yet).
SELECT last_action FROM quarter_steps WHERE member_code = $member AND period = $period
