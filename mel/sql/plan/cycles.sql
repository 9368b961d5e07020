-- The cycles of a member's programme that have a plan, latest first.
SELECT cycle FROM plans WHERE member_code = $member ORDER BY cycle DESC
