-- One OGP commitment by its ID.
SELECT * FROM ogp_commitments WHERE commitment_id = $commitment
