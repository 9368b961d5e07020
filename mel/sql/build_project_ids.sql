-- Every current project's id by member and project code.
SELECT member_code, code AS project_code, project_id FROM projects
