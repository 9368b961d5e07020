-- One key's current value as a reader sees it (the benchmark's one-value edit).
SELECT value, observation_id FROM observations_current
WHERE member_code = $member AND indicator_code = $indicator AND period = $period AND sex = $sex
