-- The headline figures, one definition each, for the members passing the global filters as of
-- $today: nothing dated after $today counts (a member not yet joined, an event to come).
WITH m AS (SELECT * FROM members_on($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[], $today)),
pl AS (SELECT p.* FROM plans p JOIN m USING (member_code)),
overdue AS (
    SELECT project_id, count(*) FILTER (WHERE done_on IS NULL AND due_on < $today) AS n
    FROM milestones GROUP BY project_id
),
pr AS (
    -- Every project stands in exactly one of: done, suspended, late, on track.
    SELECT p.project_id,
           CASE WHEN p.status = 'completed' THEN 'done'
                WHEN p.status = 'suspended' THEN 'suspended'
                WHEN project_is_late(p.status, p.end_on, coalesce(o.n, 0), $today) THEN 'late'
                ELSE 'on_track' END AS standing
    FROM projects p JOIN m USING (member_code) LEFT JOIN overdue o USING (project_id)
),
ev AS (
    SELECT count(*) AS events, sum(participants_women) AS women, sum(participants_men) AS men
    FROM participation e JOIN m USING (member_code)
    WHERE e.held_on <= $today AND list_contains($event_kinds::VARCHAR[], e.kind)
),
scored AS (
    SELECT * FROM indicator_standings($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[], $today,
                                      $fresh_since, $on_track, $amber)
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
    (SELECT count(*) FROM pr WHERE standing = 'done') AS projects_done,
    (SELECT count(*) FROM pr WHERE standing = 'on_track') AS projects_on_track,
    (SELECT count(*) FROM pr WHERE standing = 'late') AS projects_late,
    (SELECT count(*) FROM pr WHERE standing = 'suspended') AS projects_suspended,
    (SELECT count(*) FROM pr) AS projects_total,
    (SELECT coalesce(events, 0) FROM ev) AS events,
    (SELECT coalesce(women, 0) FROM ev) AS women,
    (SELECT coalesce(men, 0) FROM ev) AS men,
    (SELECT avg(share) FROM scored WHERE standing <> 'no_recent_data') AS progress,
    (SELECT count(*) FROM scored WHERE standing = 'on_track') AS indicators_on_track,
    (SELECT count(*) FROM scored WHERE standing = 'at_risk') AS indicators_at_risk,
    (SELECT count(*) FROM scored WHERE standing = 'off_track') AS indicators_off_track,
    (SELECT count(*) FROM scored WHERE standing = 'no_recent_data') AS indicators_no_recent_data,
    (SELECT count(*) FROM scored) AS indicators_total
