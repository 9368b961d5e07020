-- Restore a target version as the newest, keeping its provenance (or withdraw it).
INSERT INTO core.target_versions
SELECT * REPLACE ($to AS version, $withdraw OR withdrawn AS withdrawn, $batch AS batch_id)
FROM core.target_versions WHERE member_code = $member AND indicator_code = $key AND version = $from
