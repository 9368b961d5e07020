-- The latest record version of each member.
SELECT member_code, max(version) FROM core.member_records GROUP BY 1
