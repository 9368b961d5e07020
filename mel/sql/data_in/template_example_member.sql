-- A member with an adopted plan (real members first), for the templates' example rows.
SELECT m.member_code
FROM members m JOIN plans p USING (member_code)
WHERE p.adopted_on IS NOT NULL
ORDER BY m.is_demo, m.member_code
LIMIT 1
