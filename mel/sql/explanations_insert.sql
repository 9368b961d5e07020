-- A comment on a member's value, milestone, project or quarter (append only), with the id explanations_next_id gave.
INSERT INTO core.comments (comment_id, member_code, subject, subject_key, body, recorded_at, recorded_by, is_demo)
VALUES ($id, $member, $subject, $subject_key, $body, $at, $by, FALSE)
