-- Published progress figures of the national action plan (the whole plan first, then commitments).
SELECT action_plan, commitment_id, progress, as_of, is_press, publisher, source, source_url
FROM core.ogp_progress
ORDER BY action_plan, commitment_id NULLS FIRST
