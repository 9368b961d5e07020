-- Projects of the members counted on $today by OGP-style completion and "did it open government",
-- one row per project and principle of its axis (a project without a principle once, with none):
-- counted by principle, a project counts once per principle; by cohort, once.
WITH m AS (SELECT * FROM members_on($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[], $today))
SELECT p.project_id, ap.principle, m.cohort, coalesce(p.completion, 'not_assessed') AS completion,
       coalesce(p.opened_government, 'not_assessed') AS opened_government
FROM projects p
JOIN m USING (member_code)
LEFT JOIN axis_principles ap ON ap.axis_id = p.axis_id
