-- Per quarter of their due date (up to today): milestones due, and those done on or before it.
WITH m AS (SELECT member_code FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[]))
SELECT year(ms.due_on) || '-Q' || quarter(ms.due_on) AS period,
       date_trunc('quarter', ms.due_on)::DATE AS period_start,
       count(*) AS due,
       count(*) FILTER (WHERE ms.done_on IS NOT NULL AND ms.done_on <= ms.due_on) AS on_time,
       count(*) FILTER (WHERE ms.done_on IS NOT NULL AND ms.done_on <= ms.due_on) / count(*) AS share_on_time
FROM milestones ms JOIN m USING (member_code)
WHERE ms.due_on < $today
GROUP BY ALL ORDER BY period_start
