-- The members whose values a write added (observations above the mark taken before it).
SELECT DISTINCT member_code FROM core.observations WHERE observation_id > $mark
