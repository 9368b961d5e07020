-- The public view member_targets, as exported: each member's own baselines and targets.
SELECT member_code, indicator_code, baseline_value, baseline_on, target_value, target_on, source, is_demo,
       version, recorded_at, recorded_by, batch_id
FROM member_targets
