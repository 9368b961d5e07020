-- Record how the database was built.
CREATE TABLE IF NOT EXISTS core.build_info (mode VARCHAR, seed INTEGER);
INSERT INTO core.build_info VALUES ($mode, $seed);
