-- A member and its latest action plan (open-commune programme), or the plan of $cycle.
SELECT m.member_code, m.name_fr, m.name_ar, m.kind, m.region_name_fr, m.region_name_ar, m.cohort, m.joined_on,
       m.is_demo AS member_is_demo, m.ogp_local_since, m.dates_estimated, m.source AS member_source,
       m.source_url AS member_source_url,
       p.plan_id, p.cycle, p.co_created_on, p.adopted_on, p.start_on, p.end_on, p.status,
       p.focal_point_fr, p.focal_point_ar, p.is_demo AS plan_is_demo, p.version AS plan_version,
       (SELECT avg(progress) FROM projects pr WHERE pr.plan_id = p.plan_id) AS progress,
       (SELECT count(*) FROM member_targets t WHERE t.member_code = m.member_code) AS own_targets,
       coalesce((SELECT bool_or(NOT a.is_demo) FROM axes a WHERE a.plan_id = p.plan_id), FALSE) AS has_real_axes
FROM members m
LEFT JOIN plans p ON p.member_code = m.member_code AND ($cycle IS NULL OR p.cycle = $cycle)
WHERE m.member_code = $member
ORDER BY p.cycle DESC NULLS LAST
LIMIT 1
