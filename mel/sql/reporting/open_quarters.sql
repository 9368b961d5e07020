-- The member's quarters given back to it (returned or reopened): to be corrected and submitted again.
SELECT period FROM quarter_steps WHERE member_code = $member AND last_action IN ('return', 'reopen')
