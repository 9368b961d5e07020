-- Empty the OGP facts before they are loaded again from data/ (reference facts, not user data).
DELETE FROM core.ogp_commitments;
DELETE FROM core.ogp_progress;
DELETE FROM core.ogp_local;
