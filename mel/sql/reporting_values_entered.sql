-- How many values the member has for $period.
SELECT count(*) FROM core.current_observations WHERE member_code = $member AND period = $period AND value IS NOT NULL
