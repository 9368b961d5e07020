-- OGP commitments for the evaluators: every national one, and the local ones of collectivities
-- within the sidebar's filters (region, kind; a cohort only matches members of the network).
SELECT *
FROM ogp_commitments
WHERE scope = 'national'
   OR ((len($regions::VARCHAR[]) = 0 OR list_contains($regions::VARCHAR[], region_code))
       AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], kind))
       AND (len($cohorts::INTEGER[]) = 0 OR list_contains($cohorts::INTEGER[], cohort)))
ORDER BY scope = 'local', action_plan, region_code, collectivity_code, commitment_id
