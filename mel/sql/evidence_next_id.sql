-- The next evidence id (ids are given under the one-writer lock: a lake has no sequences).
SELECT coalesce(max(evidence_id), 0) + 1 FROM core.evidence
