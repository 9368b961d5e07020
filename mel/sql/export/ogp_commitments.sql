-- The public view ogp_commitments, as exported.
SELECT * FROM ogp_commitments
