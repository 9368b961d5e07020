-- A collectivity's OGP Local membership: since when (and how precisely), its action plans, its page.
SELECT collectivity_code, member_since, date_precision, date_estimated, plans, joint_plan,
       ogp_page_url, source, source_url
FROM core.ogp_local
WHERE collectivity_code = $member
