-- The census is reference data: emptied before each load.
DELETE FROM core.census
