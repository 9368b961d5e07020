-- Append an event's previous version again (an undo), or withdraw the event if it had none.
INSERT INTO core.participation_events (event_id, member_code, held_on, kind, title, participants_women,
                                       participants_men, participants_youth, cso_count, is_demo, source, version,
                                       supersedes, recorded_at, recorded_by, batch_id, withdrawn)
VALUES ($event_id, $member, $held_on, $kind, $title, $participants_women,
        $participants_men, $participants_youth, $cso_count, $is_demo, $source, $version,
        $supersedes, current_timestamp, $recorded_by, $batch, $withdrawn)
