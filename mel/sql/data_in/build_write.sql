-- Building and upgrading the database (mel/build.py).

-- name: has_password_column
-- 1 if core.users still has its password hashes (a database from before migration 007).
SELECT 1 FROM duckdb_columns() WHERE schema_name = 'core' AND table_name = 'users' AND column_name = 'password_hash'

-- name: legacy_password_hashes
-- Active users' password hashes, from a database from before migration 007.
SELECT username, password_hash FROM core.users WHERE active

-- name: info
-- Record how the database was built.
CREATE TABLE IF NOT EXISTS core.build_info (mode VARCHAR, seed INTEGER);
INSERT INTO core.build_info VALUES ($mode, $seed);

-- name: project_ids
-- Every current project's id by member and project code.
SELECT member_code, code AS project_code, project_id FROM projects

-- name: projects_for_notes
-- Every current project with its member, status and end (the demo's learning notes pick from the completed).
SELECT project_id, member_code, status, end_on FROM projects
