-- The public view quarter_steps, as exported: each member's quarter at its latest step of the
-- reporting cycle, without the review's comment (a note between evaluator and focal point).
SELECT member_code, period, last_action, recorded_at, recorded_by, is_demo FROM quarter_steps
