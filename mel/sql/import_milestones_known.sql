-- Every milestone with its member, current done date, French title and latest update version.
SELECT ms.milestone_id, ms.member_code, ms.done_on, ms.title_fr,
       (SELECT max(version) FROM core.milestone_updates u WHERE u.milestone_id = ms.milestone_id) AS version
FROM milestones ms
