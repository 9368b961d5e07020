-- The locked quarters of the members asked: submitted (under review) or approved.
SELECT member_code, period, status FROM locked_quarters WHERE list_contains($members::VARCHAR[], member_code)
