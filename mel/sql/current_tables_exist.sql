-- Whether the derived current-value tables exist yet (they come with migration 006).
SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'core' AND table_name = 'current_observations'
