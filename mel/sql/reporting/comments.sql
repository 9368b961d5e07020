-- A member's comments (on one kind of subject when $subject is given), the newest first.
SELECT comment_id, subject, subject_key, body, recorded_at, recorded_by
FROM comments
WHERE member_code = $member AND ($subject::VARCHAR IS NULL OR subject = $subject::VARCHAR)
ORDER BY recorded_at DESC, comment_id DESC
