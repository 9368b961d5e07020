-- The next comment id (ids are given under the one-writer lock: a lake has no sequences).
SELECT coalesce(max(comment_id), 0) + 1 FROM core.comments
