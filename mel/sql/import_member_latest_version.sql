-- The latest record version of a member.
SELECT max(version) FROM core.member_records WHERE member_code = $member
