-- Shared metric definitions, so every query and every analyst computes them the same way.

-- Share of the way from baseline to target (1 = target reached), for either direction.
-- When baseline equals target, the indicator is met (1) or not (0).
CREATE MACRO achievement(actual, baseline, target, direction) AS
    CASE
        WHEN actual IS NULL OR baseline IS NULL OR target IS NULL THEN NULL
        WHEN target = baseline THEN
            CASE WHEN (direction = 'higher' AND actual >= target)
                   OR (direction = 'lower' AND actual <= target) THEN 1.0 ELSE 0.0 END
        ELSE (actual - baseline) / (target - baseline)
    END;

-- A project is late when it is not finished and its end date or one of its milestones is past.
CREATE MACRO project_is_late(status, end_on, overdue_milestones, today) AS
    status NOT IN ('completed', 'suspended')
    AND ((end_on IS NOT NULL AND end_on < today) OR overdue_milestones > 0);
