-- 1 if core.users still has its password hashes (a database from before migration 007).
SELECT 1 FROM duckdb_columns() WHERE schema_name = 'core' AND table_name = 'users' AND column_name = 'password_hash'
