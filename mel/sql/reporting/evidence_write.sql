-- Evidence backing a value, a milestone, a project or a quarter (mel/evidence.py).

-- name: next_evidence_id
-- The next evidence id (ids are given under the one-writer lock: a lake has no sequences).
SELECT coalesce(max(evidence_id), 0) + 1 FROM core.evidence

-- name: insert_evidence
-- A piece of evidence (a stored file or a link, never both) with the id evidence_next_id gave; append only.
INSERT INTO core.evidence (evidence_id, member_code, subject, subject_key, sha256, file_name, media_type, size_bytes,
                           link, recorded_at, recorded_by, is_demo)
VALUES ($id, $member, $subject, $subject_key, $sha256, $file_name, $media_type, $size_bytes, $link, $at, $by, FALSE)
