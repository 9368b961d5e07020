-- Every indicator recorded by sex: per period, the women's and men's values summed over the
-- filtered members that report by sex, and how many members report by sex at all.
WITH m AS (SELECT member_code FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[])),
split AS (
    SELECT o.indicator_code, o.member_code, o.period, o.period_start,
           max(o.value) FILTER (WHERE o.sex = 'women') AS women,
           max(o.value) FILTER (WHERE o.sex = 'men') AS men,
           max(o.value) FILTER (WHERE o.sex = 'total') AS total
    FROM observations_current o JOIN m USING (member_code)
    JOIN indicators i ON i.code = o.indicator_code
    WHERE i.by_sex
    GROUP BY ALL
)
SELECT indicator_code, period, period_start,
       sum(women) FILTER (WHERE women IS NOT NULL AND men IS NOT NULL) AS women,
       sum(men) FILTER (WHERE women IS NOT NULL AND men IS NOT NULL) AS men,
       count(*) FILTER (WHERE women IS NOT NULL AND men IS NOT NULL) AS members_by_sex,
       count(*) FILTER (WHERE total IS NOT NULL) AS members_reporting
FROM split
GROUP BY ALL ORDER BY indicator_code, period_start
