-- The current participation events, to compare an imported file with.
SELECT event_id, member_code, held_on, kind, title, participants_women, participants_men, version
FROM participation
