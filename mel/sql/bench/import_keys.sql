-- Keys for the benchmark's import file: members with a plan co-created before 2025, every
-- common indicator, the five quarters from 2025-Q3 (all inside their programmes).
SELECT m.member_code, i.code AS indicator_code, q.period, i.unit
FROM members m JOIN plans p USING (member_code) CROSS JOIN indicators i
CROSS JOIN (VALUES ('2025-Q3'), ('2025-Q4'), ('2026-Q1'), ('2026-Q2'), ('2026-Q3')) q(period)
WHERE i.level = 'network' AND p.co_created_on < DATE '2025-01-01'
ORDER BY q.period, m.member_code, i.code
LIMIT $rows
