-- A member's IEECAG records in the plan workbook's columns, one per period.
SELECT as_of AS period, created_on AS established_on, members_women, members_men, meetings_held AS meetings,
       opinions_issued, opinions_acted_on, took_part_in_co_creation, source, is_demo AS demo
FROM gender_body_history WHERE member_code = $member ORDER BY as_of
