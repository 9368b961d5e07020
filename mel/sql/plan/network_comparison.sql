-- For each common indicator: the member's latest value against every member's latest value
-- (quartiles), and the medians of members of the same kind and of the same region.
WITH latest AS (
    SELECT member_code, indicator_code, value FROM latest_values
    WHERE sex = 'total' AND period_start <= $today
),
me AS (SELECT kind, region_code FROM members WHERE member_code = $member),
scored AS (
    SELECT l.*, m.kind, m.region_code,
           achievement(l.value, g.baseline_value, g.target_value, i.direction) AS a
    FROM latest l
    JOIN members m USING (member_code)
    JOIN indicators i ON i.code = l.indicator_code
    JOIN targets g ON g.member_code = l.member_code AND g.indicator_code = l.indicator_code
    WHERE i.level = 'network'
),
mine AS (SELECT indicator_code, value AS member_value, a AS member_a FROM scored WHERE member_code = $member)
SELECT s.indicator_code,
       any_value(mine.member_value) AS member_value,
       quantile_cont(s.value, 0.25) AS q1,
       median(s.value) AS median,
       quantile_cont(s.value, 0.75) AS q3,
       median(s.value) FILTER (WHERE s.kind = (SELECT kind FROM me)) AS kind_median,
       median(s.value) FILTER (WHERE s.region_code = (SELECT region_code FROM me)) AS region_median,
       any_value(mine.member_a) AS member_achievement,
       quantile_cont(s.a, 0.25) AS a_q1, median(s.a) AS a_median, quantile_cont(s.a, 0.75) AS a_q3,
       count(*) AS members_reporting,
       -- how many reporting members this member does better than (achievement is direction-aware)
       count(*) FILTER (WHERE s.a < mine.member_a) AS better_than
FROM scored s LEFT JOIN mine USING (indicator_code)
GROUP BY s.indicator_code
ORDER BY s.indicator_code
