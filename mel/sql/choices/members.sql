-- Every current member, for the member picker.
SELECT member_code, name_fr, name_ar, kind, region_code, is_demo
FROM members
WHERE left_on IS NULL OR left_on > $today
ORDER BY kind DESC, name_fr
