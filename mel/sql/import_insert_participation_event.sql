-- Append an imported participation event (a correction supersedes the event's first version).
INSERT INTO core.participation_events (event_id, member_code, held_on, kind, title, participants_women,
                                       participants_men, participants_youth, cso_count, is_demo, source, version,
                                       supersedes, recorded_at, recorded_by, batch_id)
VALUES ($event_id, $member, $held_on, $kind, $title, $participants_women,
        $participants_men, $participants_youth, $cso_count, FALSE, 'import', $version,
        $supersedes, current_timestamp, $recorded_by, $batch)
