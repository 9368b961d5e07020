-- Comments explaining a value, a milestone, a project or a quarter (mel/explanations.py).

-- name: indicator_exists
-- 1 if the indicator exists, no row otherwise.
SELECT 1 FROM indicators WHERE code = $indicator

-- name: milestone_of_member
-- 1 if the milestone is in one of the member's plans, no row otherwise.
SELECT 1 FROM milestones WHERE milestone_id = $id AND member_code = $member LIMIT 1

-- name: project_of_member
-- 1 if the project is in one of the member's plans, no row otherwise.
SELECT 1 FROM projects WHERE project_id = $id AND member_code = $member LIMIT 1

-- name: next_comment_id
-- The next comment id (ids are given under the one-writer lock: a lake has no sequences).
SELECT coalesce(max(comment_id), 0) + 1 FROM core.comments

-- name: insert_comment
-- A comment on a member's value, milestone, project or quarter (append only), with the id explanations_next_id gave.
INSERT INTO core.comments (comment_id, member_code, subject, subject_key, body, recorded_at, recorded_by, is_demo)
VALUES ($id, $member, $subject, $subject_key, $body, $at, $by, FALSE)
