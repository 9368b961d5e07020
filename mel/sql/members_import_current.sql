-- Every member code with the date it left (NULL while it is a member).
SELECT member_code, left_on FROM members
