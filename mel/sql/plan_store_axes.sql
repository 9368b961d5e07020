-- The axes of the listed plan versions ($plans and $versions, pairwise).
WITH wanted AS (SELECT unnest($plans::INTEGER[]) AS plan_id, unnest($versions::INTEGER[]) AS version)
SELECT a.* FROM core.plan_axes a JOIN wanted USING (plan_id, version) ORDER BY a.plan_id, a.position
