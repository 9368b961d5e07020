-- Each filtered member's IEECAG (latest record): whether it exists and since when, members by
-- sex, meetings, opinions issued and acted on, and its part in co-creation.
WITH m AS (SELECT * FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[]))
SELECT m.member_code, m.name_fr, m.name_ar, m.kind, m.cohort, m.is_demo AS member_is_demo,
       g.as_of, g.created_on, g.created_on IS NOT NULL AS exists_,
       g.members_women, g.members_men, g.members_women + g.members_men AS members_total,
       g.meetings_held, g.opinions_issued, g.opinions_acted_on,
       g.opinions_acted_on / nullif(g.opinions_issued, 0) AS acted_on_share,
       g.took_part_in_co_creation, g.is_demo
FROM m LEFT JOIN gender_bodies g USING (member_code)
ORDER BY m.kind DESC, m.name_fr
