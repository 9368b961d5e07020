-- Per member: the earliest start of its plans (co-created, adopted or started) and the latest end.
SELECT member_code, min(coalesce(co_created_on, adopted_on, start_on)), max(end_on)
FROM plans
GROUP BY 1
