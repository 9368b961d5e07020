-- Ids are given by the statements that insert (the highest id plus one, under the one-writer
-- lock), not by sequences: a DuckLake catalog has no sequences, and both stores run the same SQL.
ALTER TABLE core.import_batches ALTER COLUMN batch_id DROP DEFAULT;
ALTER TABLE core.observations ALTER COLUMN observation_id DROP DEFAULT;
ALTER TABLE core.meetings ALTER COLUMN meeting_id DROP DEFAULT;
DROP SEQUENCE core.batch_seq;
DROP SEQUENCE core.observation_seq;
DROP SEQUENCE core.meeting_seq;
