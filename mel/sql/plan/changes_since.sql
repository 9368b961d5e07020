-- What changed for a member between $since and $today, and what is due in the next 90 days:
-- one row per event, with a kind: milestone_done, value_reported, new_delay, due_next
-- (values reported carry their indicator's code and unit).
WITH ms AS (
    SELECT ms.*, pr.title_ar AS project_ar, pr.title_fr AS project_fr, pr.title_en AS project_en
    FROM milestones ms JOIN projects pr USING (project_id)
    WHERE ms.member_code = $member
)
SELECT 'milestone_done' AS change, done_on AS on_date, title_ar, title_fr, title_en,
       project_ar, project_fr, project_en, NULL::DOUBLE AS value, NULL AS period, due_on,
       NULL AS indicator_code, NULL AS unit
FROM ms WHERE done_on > $since AND done_on <= $today
UNION ALL
SELECT 'new_delay', due_on, title_ar, title_fr, title_en, project_ar, project_fr, project_en, NULL, NULL, due_on, NULL, NULL
FROM ms WHERE due_on > $since AND due_on < $today AND (done_on IS NULL OR done_on > due_on)
UNION ALL
SELECT 'due_next', due_on, title_ar, title_fr, title_en, project_ar, project_fr, project_en, NULL, NULL, due_on, NULL, NULL
FROM ms WHERE done_on IS NULL AND due_on >= $today AND due_on <= $today + INTERVAL 90 DAY
UNION ALL
SELECT 'value_reported', o.recorded_at::DATE, i.name_ar, i.name_fr, i.name_en, NULL, NULL, NULL, o.value, o.period, NULL,
       i.code, i.unit
FROM observations_current o JOIN indicators i ON i.code = o.indicator_code
WHERE o.member_code = $member AND o.sex = 'total' AND o.recorded_at::DATE > $since AND o.recorded_at::DATE <= $today
ORDER BY 1, 2
