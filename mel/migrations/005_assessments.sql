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
