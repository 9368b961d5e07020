-- Every current plan: member and cycle.
SELECT member_code, cycle FROM plans ORDER BY member_code, cycle
