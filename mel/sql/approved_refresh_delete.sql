-- Drop the approved latest values of the members a write or a step of the cycle touched.
DELETE FROM core.approved_latest_values WHERE list_contains($members::VARCHAR[], member_code);
