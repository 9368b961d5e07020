"""Importing observations, participation events and milestone updates; batches, undo and history.

One code path for the command line, the Import page and the in-app editor: a table of raw cells
(from a file or an editor) is checked against the database, every problem is reported with its
row and column, and only a table without problems is written, in one transaction, as one batch.
Nothing is updated or deleted: a correction is a new version, an undo is a new batch.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from mel.auth import MEMBERS, User, recheck
from mel.batches import new_batch
from mel.db import Reader, write_connection
from mel.imports import members as members_import
from mel.imports import plans
from mel.imports.cells import (
    EXPECTED_DONE_ON,
    EXPECTED_VALUE,
    NO_VALUE,
    ImportRejected,
    Preview,
    Problem,
    parse_number,
    parse_period,
    parse_sex,
    read_table,
    require_columns,
    sha256,
)
from mel.imports.milestones import _check_milestones, _write_milestones
from mel.imports.observations import _check_observations, _write_observations
from mel.imports.participation import _check_participation, _write_participation

KINDS = ("observations", "participation", "milestones", "members")
PLAN = plans.KIND  # the plan workbook, a file of several sheets
COLUMNS = {
    "observations": ["member_code", "indicator_code", "period", "sex", "value", "source", "note"],
    "participation": [
        "member_code",
        "held_on",
        "kind",
        "title",
        "participants_women",
        "participants_men",
        "participants_youth",
        "cso_count",
    ],
    "milestones": ["member_code", "milestone_id", "done_on", "note"],
    "members": members_import.COLUMNS,
}
REQUIRED = {
    "observations": ["member_code", "indicator_code", "period", "sex", "value"],
    "participation": ["member_code", "held_on", "kind", "participants_women", "participants_men"],
    "milestones": ["member_code", "milestone_id", "done_on"],
    "members": members_import.COLUMNS,
}

# ---- detection and preview ------------------------------------------------------------------------


def detect_kind(columns: set[str]) -> str | None:
    """Which import a file is, from its headers."""
    if {"indicator_code", "value"} <= columns:
        return "observations"
    if {"participants_women", "participants_men"} <= columns:
        return "participation"
    if "milestone_id" in columns:
        return "milestones"
    if set(members_import.COLUMNS) <= columns:
        return "members"
    return None


def read_file(data: bytes, file_name: str) -> tuple[str, pd.DataFrame]:
    """Read a file and tell which kind of import it is; ImportRejected if it is none."""
    frame = read_table(data, file_name)
    kind = detect_kind(set(frame.columns))
    if kind is None:
        raise ImportRejected([Problem("import.error.unknown_file", fields={"kinds": ", ".join(KINDS)})])
    require_columns(frame, REQUIRED[kind])
    for optional in COLUMNS[kind]:
        if optional not in frame.columns:
            frame[optional] = ""
    return kind, frame


def check(kind: str, frame: pd.DataFrame, user: User, cur: duckdb.DuckDBPyConnection, today: date) -> Preview:
    """Check a table of raw cells against the database and the user's rights; ImportRejected lists every problem."""
    checker = {
        "observations": _check_observations,
        "participation": _check_participation,
        "milestones": _check_milestones,
    }[kind]
    return checker(frame, user, cur, today)


def validate(
    data: bytes, file_name: str, user: User, today: date | None = None, master: Path | None = None
) -> Preview | plans.PlanPreview:
    """Read and check a file, writing nothing: the preview, or ImportRejected."""
    if plans.is_plan_book(data):
        return plans.validate(data, user, today, master)
    kind, frame = read_file(data, file_name)
    today = today or date.today()
    if kind == "members":
        user.require(MEMBERS)
        members = members_import.validate(data, file_name, master, today).rows
        return Preview("members", members.assign(status="new"))
    reader = Reader(master)
    try:
        return check(kind, frame, user, reader.cursor(), today)
    finally:
        reader.close()


def commit(
    data: bytes,
    file_name: str,
    user: User,
    today: date | None = None,
    master: Path | None = None,
    expected: str | None = None,
) -> int:
    """Check then write a file as one batch (checked again inside the transaction); return the batch id.

    ``expected``: for a plan workbook, the fingerprint of the changes the user confirmed.
    """
    if plans.is_plan_book(data):
        return plans.commit(data, file_name, user, today, master, expected)
    kind, frame = read_file(data, file_name)
    today = today or date.today()
    if kind == "members":
        user.require(MEMBERS)
        return members_import.import_members(data, file_name, user.username, master, today, user=user)
    return commit_frame(kind, frame, user, file_name, sha256(data), today, master)


def commit_frame(
    kind: str,
    frame: pd.DataFrame,
    user: User,
    source_name: str,
    digest: str | None,
    today: date,
    master: Path | None = None,
) -> int:
    """Write a checked table as one batch: new versions only, nothing overwritten."""
    with write_connection(master) as con:
        user = recheck(con, user)  # the account as it is now, not as the session remembers it
        preview = check(kind, frame, user, con, today)
        rows = preview.to_write
        if rows.empty:  # every row as recorded: no empty batch
            raise ImportRejected([Problem("import.error.nothing_new")])
        batch = new_batch(con, kind, source_name, digest, len(rows), user.username)
        {"observations": _write_observations, "participation": _write_participation, "milestones": _write_milestones}[
            kind
        ](con, rows, user, batch)
    return batch


__all__ = [
    "EXPECTED_DONE_ON",
    "EXPECTED_VALUE",
    "KINDS",
    "NO_VALUE",
    "ImportRejected",
    "Preview",
    "commit",
    "commit_frame",
    "parse_number",
    "parse_period",
    "parse_sex",
    "validate",
]
