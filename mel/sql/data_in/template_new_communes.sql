-- Two communes that can join and are not members yet, for the members template's example rows.
SELECT code, CASE level WHEN 'province' THEN 'council' ELSE level END
FROM collectivities
WHERE can_be_member AND code NOT IN (SELECT member_code FROM members) AND level = 'commune'
ORDER BY code
LIMIT 2
