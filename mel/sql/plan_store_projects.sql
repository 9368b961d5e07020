-- The projects of the listed plan versions ($plans and $versions, pairwise).
WITH wanted AS (SELECT unnest($plans::INTEGER[]) AS plan_id, unnest($versions::INTEGER[]) AS version)
SELECT p.* FROM core.plan_projects p JOIN wanted USING (plan_id, version) ORDER BY p.plan_id, p.code
