-- Projects by OGP-style completion and "did it open government", with the principles of their
-- axis and their member's cohort (a project counts once per principle of its axis).
WITH m AS (SELECT * FROM filtered_members($regions::VARCHAR[], $kinds::VARCHAR[], $cohorts::INTEGER[]))
SELECT ap.principle, m.cohort, coalesce(p.completion, 'not_assessed') AS completion,
       coalesce(p.opened_government, 'not_assessed') AS opened_government, count(*) AS projects
FROM projects p
JOIN m USING (member_code)
JOIN axis_principles ap ON ap.axis_id = p.axis_id
GROUP BY ALL
