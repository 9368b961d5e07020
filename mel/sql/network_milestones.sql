-- The reference points of the network's growth (public sources).
SELECT * FROM core.network_milestones ORDER BY on_date
