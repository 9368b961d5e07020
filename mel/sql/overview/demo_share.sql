-- How much of what the filtered members show is real and how much is demo: members, plans,
-- indicator values and participation events.
WITH m AS (SELECT * FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[]))
SELECT
    (SELECT count(*) FILTER (WHERE is_demo) FROM m) AS demo_members,
    (SELECT count(*) FROM m) AS members,
    (SELECT count(*) FILTER (WHERE p.is_demo) FROM plans p JOIN m USING (member_code)) AS demo_plans,
    (SELECT count(*) FROM plans p JOIN m USING (member_code)) AS plans_total,
    (SELECT count(*) FILTER (WHERE o.is_demo) FROM observations_current o JOIN m USING (member_code)) AS demo_values,
    (SELECT count(*) FROM observations_current o JOIN m USING (member_code)) AS values_total,
    (SELECT count(*) FILTER (WHERE e.is_demo) FROM participation e JOIN m USING (member_code)) AS demo_events,
    (SELECT count(*) FROM participation e JOIN m USING (member_code)) AS events_total
