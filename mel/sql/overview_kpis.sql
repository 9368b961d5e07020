-- Headline figures of the Overview page, for the members passing the global filters.
WITH m AS (
    SELECT * FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[])
    WHERE joined_on <= $today AND (left_on IS NULL OR left_on > $today)
),
pl AS (SELECT p.* FROM plans p JOIN m USING (member_code)),
overdue AS (
    SELECT project_id, count(*) FILTER (WHERE done_on IS NULL AND due_on < $today) AS n
    FROM milestones GROUP BY project_id
),
pr AS (
    SELECT p.project_id, p.status,
           project_is_late(p.status, p.end_on, coalesce(o.n, 0), $today) AS is_late
    FROM projects p JOIN m USING (member_code) LEFT JOIN overdue o USING (project_id)
),
ev AS (
    SELECT sum(participants_women) AS women, sum(participants_women + participants_men) AS total
    FROM participation e JOIN m USING (member_code)
    WHERE e.held_on <= $today
)
SELECT
    (SELECT count(*) FROM m) AS members,
    (SELECT count(*) FROM m WHERE kind = 'region') AS regions,
    (SELECT count(*) FROM m WHERE kind = 'council') AS councils,
    (SELECT count(*) FROM m WHERE kind = 'commune') AS communes,
    (SELECT count(*) FROM m WHERE is_demo) AS demo_members,
    (SELECT count(DISTINCT region_code) FROM m) AS regions_covered,
    (SELECT count(*) FROM collectivities WHERE level = 'region') AS regions_total,
    (SELECT count(*) FROM pl WHERE adopted_on IS NOT NULL AND adopted_on <= $today) AS plans_adopted,
    (SELECT count(*) FROM pl) AS plans_total,
    (SELECT count(*) FROM pr WHERE status = 'completed') AS projects_done,
    (SELECT count(*) FROM pr WHERE status <> 'completed' AND NOT is_late AND status <> 'suspended') AS projects_on_track,
    (SELECT count(*) FROM pr WHERE is_late) AS projects_late,
    (SELECT count(*) FROM pr) AS projects_total,
    (SELECT women / nullif(total, 0) FROM ev) AS women_share,
    (SELECT total FROM ev) AS participants
