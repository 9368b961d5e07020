-- 1 if the project is in one of the member's plans, no row otherwise.
SELECT 1 FROM projects WHERE project_id = $id AND member_code = $member LIMIT 1
