-- A collectivity's own OGP commitments, in the order of their action plans and start.
SELECT commitment_id, action_plan, title_en, title_fr, title_ar, title_translated,
       start_on, end_on, date_precision, dates_estimated, ogp_values, url, source
FROM core.ogp_commitments
WHERE collectivity_code = $member
ORDER BY action_plan, start_on NULLS LAST, commitment_id
