-- Women's participation per group of members as of $today: the group is the cohort, the region or
-- the kind of member ($grouping). The members and events are those the headline figures count
-- (members counted on $today, events held by then, of the kinds in $event_kinds), so the groups add
-- up to the headline's participants; a group whose members held no event has zero participants.
WITH m AS (
    SELECT *, CASE $grouping WHEN 'cohort' THEN cohort::VARCHAR WHEN 'region' THEN region_code ELSE kind END AS group_code
    FROM members_on($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[], $today)
),
ev AS (
    SELECT e.member_code, count(*) AS events, sum(e.participants_women) AS women, sum(e.participants_men) AS men
    FROM participation e JOIN m USING (member_code)
    WHERE e.held_on <= $today AND list_contains($event_kinds::VARCHAR[], e.kind)
    GROUP BY e.member_code
)
SELECT m.group_code,
       any_value(m.region_name_fr) AS region_name_fr, any_value(m.region_name_ar) AS region_name_ar,
       count(*) AS members,
       coalesce(sum(ev.events), 0) AS events,
       coalesce(sum(ev.women), 0) AS women,
       coalesce(sum(ev.men), 0) AS men,
       coalesce(sum(ev.women), 0) + coalesce(sum(ev.men), 0) AS participants,
       sum(ev.women) / nullif(coalesce(sum(ev.women), 0) + coalesce(sum(ev.men), 0), 0) AS women_share,
       sum(m.population_women) / nullif(sum(m.population_women + m.population_men), 0) AS population_women_share
FROM m LEFT JOIN ev USING (member_code)
GROUP BY m.group_code
