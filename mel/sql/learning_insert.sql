-- Append a version of a learning note (a correction is a new version: nothing is overwritten).
INSERT INTO core.learning_notes (note_id, version, member_code, project_id, written_at_end_of, worked, did_not_work,
                                 differently, recorded_at, recorded_by, is_demo)
VALUES ($note, $version, $member, $project, $end_of, $worked, $did_not_work, $differently, $at, $recorded_by, FALSE)
