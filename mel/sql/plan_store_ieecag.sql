-- A member's IEECAG records as recorded now, and the latest version number of each (withdrawn too).
SELECT as_of, version, created_on, members_women, members_men, meetings_held, opinions_issued, opinions_acted_on,
       took_part_in_co_creation, source, is_demo, withdrawn
FROM core.gender_body_versions
WHERE member_code = $member
QUALIFY row_number() OVER (PARTITION BY as_of ORDER BY version DESC) = 1
