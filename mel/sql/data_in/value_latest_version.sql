-- The id and version of the latest value for one key (indicator, member, period, sex).
SELECT observation_id, version FROM core.observations
WHERE indicator_code = $indicator AND member_code = $member AND period = $period AND sex = $sex
ORDER BY version DESC
LIMIT 1
