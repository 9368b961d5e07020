-- Every member's code.
SELECT member_code FROM members
