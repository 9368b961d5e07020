-- How many current values came from a given source (an import of the load benchmark).
SELECT count(*) FROM observations_current WHERE source = $source
