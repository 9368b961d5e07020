-- The benchmark's scratch copy (mel/bench_stores.py): its locked quarters given back before it writes.

-- name: give_back
-- The benchmark corrects values and milestone dates in quarters the national database has
-- submitted or approved (so locked): on its scratch copy, every one is first given back (returned
-- or reopened), as an evaluator would before a campaign of corrections. Not timed.
INSERT INTO core.quarter_events (event_id, member_code, period, action, comment, recorded_at, recorded_by, is_demo)
SELECT (SELECT coalesce(max(event_id), 0) FROM core.quarter_events) + row_number() OVER (ORDER BY member_code, period),
       member_code, period, CASE status WHEN 'approved' THEN 'reopen' ELSE 'return' END, 'benchmark',
       $at, 'benchmark', TRUE
FROM locked_quarters
