-- The member whose plan holds a project; no row if no plan holds it.
SELECT member_code FROM projects WHERE project_id = $project
