-- Women's participation per quarter and kind of event, for the filtered members.
WITH m AS (SELECT member_code FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[]))
SELECT year(e.held_on) || '-Q' || quarter(e.held_on) AS period, date_trunc('quarter', e.held_on)::DATE AS period_start,
       e.kind, count(*) AS events, sum(e.participants_women) AS women, sum(e.participants_total) AS participants,
       sum(e.participants_women) / nullif(sum(e.participants_total), 0) AS women_share
FROM participation e JOIN m USING (member_code)
WHERE e.kind <> 'network_meeting' AND e.held_on <= $today
GROUP BY ALL ORDER BY period_start, e.kind
