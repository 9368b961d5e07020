-- The definitions behind the headline figures, once, for every query that counts them.

-- The members counted on $today: joined by then and not left.
CREATE OR REPLACE MACRO members_on(regions, kinds, cohorts, today) AS TABLE
SELECT * FROM filtered_members(regions, kinds, cohorts)
WHERE joined_on <= today AND (left_on IS NULL OR left_on > today);

-- Each counted member's indicators as of $today: the latest total value dated by then, its share
-- of the way from baseline to target (0-1), and its standing. The thresholds are compared with
-- the share as shown, to the whole percent; a value older than $fresh_since is "no recent data",
-- never "off track".
CREATE OR REPLACE MACRO indicator_standings(regions, kinds, cohorts, today, fresh_since, on_track, amber) AS TABLE
WITH latest AS (
    -- latest_values is kept current on every write; the import refuses periods not yet begun.
    SELECT l.member_code, l.indicator_code, l.period, l.period_start, l.value
    FROM latest_values l JOIN members_on(regions, kinds, cohorts, today) m USING (member_code)
    WHERE l.sex = 'total' AND l.period_start <= today
),
scored AS (
    SELECT l.*, i.principle,
           greatest(0, least(1, achievement(l.value, g.baseline_value, g.target_value, i.direction))) AS share
    FROM latest l JOIN indicators i ON i.code = l.indicator_code
    JOIN targets g ON g.member_code = l.member_code AND g.indicator_code = l.indicator_code
)
SELECT *,
       CASE WHEN period_start < fresh_since OR share IS NULL THEN 'no_recent_data'
            WHEN round(share, 2) >= on_track THEN 'on_track'
            WHEN round(share, 2) >= amber THEN 'at_risk'
            ELSE 'off_track' END AS standing
FROM scored;
