-- The approved (so locked) quarters of the members asked.
SELECT member_code, period FROM approved_quarters WHERE list_contains($members::VARCHAR[], member_code)
