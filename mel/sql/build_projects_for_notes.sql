-- Every current project with its member, status and end (the demo's learning notes pick from the completed).
SELECT project_id, member_code, status, end_on FROM projects
