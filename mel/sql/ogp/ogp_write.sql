-- Loading the OGP facts (mel/ogp.py).

-- name: clear
-- Empty the OGP facts before they are loaded again from data/ (reference facts, not user data).
DELETE FROM core.ogp_commitments;
DELETE FROM core.ogp_progress;
DELETE FROM core.ogp_local;
