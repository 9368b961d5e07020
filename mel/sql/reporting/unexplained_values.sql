-- What a submission of the member's $period must explain and does not yet: each value of the
-- quarter off track (its share of the way to target below $amber, as the standings count it), and
-- each milestone due by the quarter's end and not done, with no comment on it.
WITH scored AS (
    SELECT o.indicator_code, o.period, i.name_en, i.name_fr, i.name_ar,
           greatest(0, least(1, achievement(o.value, g.baseline_value, g.target_value, i.direction))) AS share
    FROM core.current_observations o
    JOIN indicators i ON i.code = o.indicator_code
    JOIN targets g ON g.member_code = o.member_code AND g.indicator_code = o.indicator_code
    WHERE o.member_code = $member AND o.period = $period AND o.sex = 'total' AND o.value IS NOT NULL
),
needed AS (
    SELECT 'value' AS subject, indicator_code || '|' || period || '|total' AS subject_key,
           name_en, name_fr, name_ar, NULL::DATE AS due_on
    FROM scored WHERE round(share, 2) < $amber
    UNION ALL
    SELECT 'milestone', milestone_id::VARCHAR, coalesce(title_en, title_fr, title_ar),
           coalesce(title_fr, title_ar, title_en), coalesce(title_ar, title_fr, title_en), due_on
    FROM milestones
    WHERE member_code = $member AND done_on IS NULL AND due_on <= $quarter_end::DATE
)
SELECT n.* FROM needed n
WHERE NOT EXISTS (
    SELECT 1 FROM core.comments c
    WHERE c.member_code = $member AND c.subject = n.subject AND c.subject_key = n.subject_key)
ORDER BY n.subject DESC, n.subject_key
