-- Restore an IEECAG record version as the newest, keeping its provenance (or withdraw it).
INSERT INTO core.gender_body_versions
SELECT * REPLACE ($to AS version, $withdraw OR withdrawn AS withdrawn, $batch AS batch_id)
FROM core.gender_body_versions WHERE member_code = $member AND as_of = $key AND version = $from
