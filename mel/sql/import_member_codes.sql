-- Every member code, past and current.
SELECT member_code FROM members
