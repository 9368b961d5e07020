-- A member's evidence (on one kind of subject when $subject is given), the newest first.
SELECT evidence_id, subject, subject_key, file_name, media_type, size_bytes, sha256, link, recorded_at, recorded_by
FROM evidence
WHERE member_code = $member AND ($subject::VARCHAR IS NULL OR subject = $subject::VARCHAR)
ORDER BY recorded_at DESC, evidence_id DESC
