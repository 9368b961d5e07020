-- The listed members' IEECAG records as recorded now, and the latest version number of each (withdrawn too).
SELECT member_code, as_of, version, created_on, members_women, members_men, meetings_held, opinions_issued,
       opinions_acted_on, took_part_in_co_creation, source, is_demo, withdrawn
FROM core.gender_body_versions
WHERE list_contains($members, member_code)
QUALIFY row_number() OVER (PARTITION BY member_code, as_of ORDER BY version DESC) = 1
