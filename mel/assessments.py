"""Evaluators' assessments of projects (OGP's scales), versioned."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mel import sql, vocabulary
from mel.auth import ASSESSMENTS, User, recheck
from mel.db import Reader, write_connection

COMPLETION = vocabulary.COMPLETION.codes
OPENED = vocabulary.OPENED_GOVERNMENT.codes


def project_assessments(reader: Reader, member: str) -> pd.DataFrame:
    """A member's projects with their current assessment."""
    return reader.df("evaluation/project_assessments", {"member": member})


def record_assessment(
    user: User,
    project_id: int,
    completion: str | None,
    opened_government: str | None,
    verifiable: bool | None,
    master: Path | None = None,
) -> int:
    """Record a new assessment version of a project; only evaluators and administrators may."""
    user.require(ASSESSMENTS)
    if completion is not None and completion not in COMPLETION:
        raise ValueError(f"completion must be one of {COMPLETION}")
    if opened_government is not None and opened_government not in OPENED:
        raise ValueError(f"opened_government must be one of {OPENED}")
    with write_connection(master) as con:
        user = recheck(con, user)
        user.require(ASSESSMENTS)
        if not con.execute(sql.load("evaluation/assessments_write:project_exists"), {"project": project_id}).fetchone():
            raise KeyError(f"no project {project_id}")
        top = con.execute(sql.load("evaluation/assessments_write:latest_version"), {"project": project_id}).fetchone()
        version = int(top[0]) + 1 if top else 1
        con.execute(
            sql.load("evaluation/assessments_write:insert_assessment"),
            {
                "project": project_id,
                "version": version,
                "completion": completion,
                "opened_government": opened_government,
                "verifiable": verifiable,
                "recorded_by": user.username,
            },
        )
    return version
