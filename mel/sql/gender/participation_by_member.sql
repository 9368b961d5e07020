-- Women's participation per member as of $today: participants of co-creation workshops,
-- consultations, follow-up committees and trainings held by then, and the women's share of the
-- member's population (2024). The members and events are those the headline figures count.
WITH m AS (
    SELECT * FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[])
    WHERE joined_on <= $today AND (left_on IS NULL OR left_on > $today)
)
SELECT m.member_code, m.name_fr, m.name_ar, m.kind, m.region_code, m.region_name_fr, m.region_name_ar, m.cohort,
       m.is_demo, count(e.event_id) AS events,
       coalesce(sum(e.participants_women), 0) AS women, coalesce(sum(e.participants_men), 0) AS men,
       coalesce(sum(e.participants_total), 0) AS participants,
       sum(e.participants_women) / nullif(sum(e.participants_total), 0) AS women_share,
       m.population_women / nullif(m.population_women + m.population_men, 0) AS population_women_share
FROM m LEFT JOIN participation e
  ON e.member_code = m.member_code AND e.held_on <= $today AND list_contains($event_kinds::VARCHAR[], e.kind)
GROUP BY ALL
ORDER BY women_share DESC NULLS LAST
