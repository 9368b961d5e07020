-- Evaluators' assessments of projects, versioned: the latest one is shown, every one is kept.
CREATE TABLE core.assessments (
    project_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    completion VARCHAR CHECK (completion IN ('no_evidence', 'not_started', 'limited', 'substantial', 'complete')),
    opened_government VARCHAR CHECK (opened_government IN ('worsened', 'did_not_change', 'marginal', 'major', 'outstanding')),
    verifiable BOOLEAN,
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    recorded_by VARCHAR NOT NULL,
    PRIMARY KEY (project_id, version)
);

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
SELECT pr.* REPLACE (
           coalesce(a.completion, pr.completion) AS completion,
           coalesce(a.opened_government, pr.opened_government) AS opened_government,
           coalesce(a.verifiable, pr.verifiable) AS verifiable
       ),
       pl.member_code, coalesce(r.milestones_total, 0) AS milestones_total,
       coalesce(r.milestones_done, 0) AS milestones_done,
       CASE WHEN pr.status = 'completed' THEN 1.0 ELSE coalesce(r.progress, 0) END AS progress,
       a.recorded_by AS assessed_by, a.recorded_at AS assessed_at
FROM core.projects pr
JOIN core.action_plans pl USING (plan_id)
LEFT JOIN rollup r USING (project_id)
LEFT JOIN assessed a USING (project_id);
