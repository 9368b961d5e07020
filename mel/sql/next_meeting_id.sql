-- The next meeting id (ids are given under the one-writer lock: a lake has no sequences).
SELECT coalesce(max(meeting_id), 0) + 1 FROM core.meetings
