-- Loading the census (mel/census.py).

-- name: clear
-- The census is reference data: emptied before each load.
DELETE FROM core.census
