-- Each member expected to report for each quarter asked ($periods, with their first and last days
-- and deadlines, in step): counted at the quarter's end, with a plan running in it. Its status on
-- $today, the values entered and the latest step of the cycle.
WITH quarters AS (
    SELECT unnest($periods::VARCHAR[]) AS period, unnest($starts::DATE[]) AS quarter_start,
           unnest($ends::DATE[]) AS quarter_end, unnest($deadlines::DATE[]) AS deadline
),
expected AS (
    SELECT q.*, m.member_code, m.kind, m.name_fr, m.name_ar, m.region_code, m.region_name_fr, m.region_name_ar,
           m.is_demo
    FROM quarters q
    JOIN filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[]) m
      ON m.joined_on <= q.quarter_end AND (m.left_on IS NULL OR m.left_on > q.quarter_end)
    WHERE ($member::VARCHAR IS NULL OR m.member_code = $member::VARCHAR)
      AND EXISTS (
          SELECT 1 FROM plans p
          WHERE p.member_code = m.member_code AND p.status <> 'co_creation'
            AND coalesce(p.start_on, p.adopted_on) <= q.quarter_end
            AND (p.end_on IS NULL OR p.end_on >= q.quarter_start))
),
entered AS (
    SELECT member_code, period, count(*) AS values_entered
    FROM core.current_observations
    WHERE value IS NOT NULL AND list_contains($periods::VARCHAR[], period)
    GROUP BY ALL
),
first_submitted AS (
    SELECT member_code, period, min(recorded_at) AS first_submitted_at
    FROM core.quarter_events WHERE action = 'submit' GROUP BY ALL
)
SELECT e.member_code, e.kind, e.name_fr, e.name_ar, e.region_name_fr, e.region_name_ar, e.is_demo,
       e.period, e.quarter_start, e.quarter_end, e.deadline,
       coalesce(v.values_entered, 0) AS values_entered,
       s.last_action, s.comment AS last_comment, s.recorded_at AS last_step_at, s.recorded_by AS last_step_by,
       f.first_submitted_at,
       coalesce(f.first_submitted_at::DATE > e.deadline, FALSE) AS submitted_late,
       CASE WHEN s.last_action = 'approve' THEN 'approved'
            WHEN s.last_action = 'submit' THEN 'submitted'
            WHEN f.first_submitted_at IS NULL AND $today::DATE > e.deadline THEN 'late'
            WHEN v.values_entered > 0 OR s.last_action IS NOT NULL THEN 'draft'
            ELSE 'not_started' END AS status,
       -- late: never submitted by the deadline (a quarter returned or reopened since is a draft again)
       CASE WHEN f.first_submitted_at IS NULL AND $today::DATE > e.deadline
            THEN date_diff('day', e.deadline, $today::DATE) ELSE 0 END AS days_late
FROM expected e
LEFT JOIN entered v USING (member_code, period)
LEFT JOIN quarter_steps s USING (member_code, period)
LEFT JOIN first_submitted f USING (member_code, period)
ORDER BY e.period DESC, e.member_code
