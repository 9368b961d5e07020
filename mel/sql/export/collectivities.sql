-- The public view collectivities, as exported.
SELECT * FROM collectivities
