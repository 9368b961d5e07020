-- The public views: a documented contract for analysts opening the file with any DuckDB client.
CREATE VIEW members AS
WITH current_records AS (
    SELECT * FROM core.member_records
    QUALIFY row_number() OVER (PARTITION BY member_code ORDER BY version DESC) = 1
)
SELECT
    c.code AS member_code, m.kind, c.name_fr, c.name_ar,
    c.region_code, r.name_fr AS region_name_fr, r.name_ar AS region_name_ar,
    c.province_code, p.name_fr AS province_name_fr, p.name_ar AS province_name_ar,
    m.joined_on, m.cohort, m.left_on, o.member_since AS ogp_local_since,
    c.population, c.population_women, c.population_men,
    m.is_demo, m.dates_estimated, m.source
FROM current_records m
JOIN core.collectivities c ON c.code = m.member_code
JOIN core.collectivities r ON r.code = c.region_code
LEFT JOIN core.collectivities p ON p.code = c.province_code
LEFT JOIN core.ogp_local o ON o.collectivity_code = c.code;

CREATE VIEW collectivities AS SELECT * FROM core.collectivities;

CREATE VIEW plans AS
SELECT
    a.plan_id, a.member_code, a.cycle, a.co_created_on, a.adopted_on, a.start_on, a.end_on,
    a.status, f.name_fr AS focal_point_fr, f.name_ar AS focal_point_ar, a.is_demo, a.source
FROM core.action_plans a
LEFT JOIN core.people f ON f.person_id = a.focal_point_id;

CREATE VIEW axes AS
SELECT x.*, list(ap.principle ORDER BY ap.principle) AS principles
FROM core.axes x LEFT JOIN core.axis_principles ap USING (axis_id)
GROUP BY ALL;

CREATE VIEW milestones AS
SELECT ms.*, pr.plan_id, pl.member_code
FROM core.milestones ms
JOIN core.projects pr USING (project_id)
JOIN core.action_plans pl ON pl.plan_id = pr.plan_id;

-- progress: share of the milestones' weight that is done (equal weights where none is declared)
CREATE VIEW projects AS
WITH rollup AS (
    SELECT project_id,
           count(*) AS milestones_total,
           count(done_on) AS milestones_done,
           sum(CASE WHEN done_on IS NOT NULL THEN coalesce(weight, 1) ELSE 0 END)
               / nullif(sum(coalesce(weight, 1)), 0) AS progress
    FROM core.milestones GROUP BY project_id
)
SELECT pr.*, pl.member_code, coalesce(r.milestones_total, 0) AS milestones_total,
       coalesce(r.milestones_done, 0) AS milestones_done,
       CASE WHEN pr.status = 'completed' THEN 1.0 ELSE coalesce(r.progress, 0) END AS progress
FROM core.projects pr
JOIN core.action_plans pl USING (plan_id)
LEFT JOIN rollup r USING (project_id);

CREATE VIEW indicators AS SELECT * FROM core.indicators;

CREATE VIEW observations_history AS
SELECT o.*,
       o.version = max(o.version) OVER (PARTITION BY indicator_code, member_code, period, sex) AS is_current
FROM core.observations o;

CREATE VIEW observations_current AS
SELECT indicator_code, member_code, period, period_start, sex, value, source, note,
       version, recorded_at, recorded_by, batch_id, is_demo, observation_id
FROM core.observations
QUALIFY row_number() OVER (PARTITION BY indicator_code, member_code, period, sex ORDER BY version DESC) = 1
    AND value IS NOT NULL;

CREATE VIEW participation AS
SELECT e.*, e.participants_women + e.participants_men AS participants_total,
       e.participants_women / nullif(e.participants_women + e.participants_men, 0) AS women_share
FROM core.participation_events e;

CREATE VIEW gender_bodies AS
SELECT * FROM core.gender_bodies
QUALIFY row_number() OVER (PARTITION BY member_code ORDER BY as_of DESC) = 1;

-- The global filters (region, kind, cohort), one place for every query; empty list = no filter.
CREATE MACRO filtered_members(regions, kinds, cohorts) AS TABLE
SELECT * FROM members
WHERE (len(regions) = 0 OR list_contains(regions, region_code))
  AND (len(kinds) = 0 OR list_contains(kinds, kind))
  AND (len(cohorts) = 0 OR list_contains(cohorts, cohort));
