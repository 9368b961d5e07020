"""Milestone completions: a done date per milestone, each update a new version."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import duckdb
import pandas as pd

from mel import reporting, sql
from mel.auth import MEMBER_DATA, User
from mel.imports.cells import (
    EXPECTED_DONE_ON,
    NO_VALUE,
    ImportRejected,
    Preview,
    Problem,
    _records,
    cell_text,
    parse_count,
    parse_date,
)
from mel.periods import quarter_of
from mel.reference import NETWORK_CREATED

# ---- milestones -----------------------------------------------------------------------------------


def locked_change(
    member: str, days: tuple[date | None, date | None], locked: Mapping[tuple[str, str], str], row: int | None,
    sheet: str | None = None,
) -> Problem | None:  # fmt: skip
    """The refusal of a change of a milestone's done date that would alter a locked quarter (the old
    date's or the new one's), if it would."""
    for day in days:
        if day is not None and (status := locked.get((member, quarter_of(day)))):
            fields = {"value": quarter_of(day), "member": member}
            return Problem(f"import.error.quarter_{status}", row, "done_on", fields, sheet=sheet)
    return None


def _check_milestones(frame: pd.DataFrame, user: User, cur: duckdb.DuckDBPyConnection, today: date) -> Preview:
    known = cur.execute(sql.load("data_in/imports_write:milestones_known")).df().set_index("milestone_id")
    locked = reporting.locked_quarters(cur, sorted({str(m) for m in known["member_code"].unique()}))
    problems: list[Problem] = []
    rows = []
    seen: dict[int, int] = {}
    for record in _records(frame):
        row = int(record["_row"])
        code = cell_text(record["member_code"])
        milestone = parse_count(record["milestone_id"])
        done_text = cell_text(record["done_on"])
        done = parse_date(record["done_on"]) if done_text else None
        found = []
        if milestone is None or milestone not in known.index:
            found.append(
                Problem(
                    "import.error.unknown_milestone", row, "milestone_id", {"value": cell_text(record["milestone_id"])}
                )
            )
        elif known.loc[milestone, "member_code"] != code:
            found.append(Problem("import.error.milestone_member", row, "member_code", {"value": code}))
        elif not user.can(MEMBER_DATA, code):
            found.append(Problem("import.error.not_allowed", row, "member_code", {"value": code}))
        if done_text and done is None:
            found.append(Problem("import.error.invalid_date", row, "done_on", {"value": done_text}))
        elif done is not None and done > today:
            found.append(Problem("import.error.future_date", row, "done_on", {"value": done.isoformat()}))
        elif done is not None and done < NETWORK_CREATED:
            found.append(Problem("import.error.before_network", row, "done_on", {"value": done.isoformat()}))
        if not found and milestone in seen:
            found.append(Problem("import.error.duplicate_key", row, "milestone_id", {"first_row": seen[milestone]}))
        if milestone is not None:
            seen.setdefault(milestone, row)
        problems.extend(found)
        if not found:
            old = known.loc[milestone, "done_on"]
            old_done = None if pd.isna(old) else pd.Timestamp(old).date()
            expected = record.get(EXPECTED_DONE_ON)
            if expected is not None and cell_text(expected) != (old_done.isoformat() if old_done else NO_VALUE):
                shown = old_done.isoformat() if old_done else "–"
                problems.append(Problem("import.error.changed_since", row, "done_on", {"value": shown}))
                continue
            if old_done != done and (refusal := locked_change(code, (old_done, done), locked, row)):
                problems.append(refusal)
                continue
            rows.append(
                {
                    "row": row,
                    "member_code": code,
                    "milestone_id": milestone,
                    "title": known.loc[milestone, "title_fr"],
                    "done_on": done,
                    "old_done_on": old_done,
                    "note": cell_text(record.get("note")) or None,
                    "old_version": known.loc[milestone, "version"],
                    "status": "unchanged" if old_done == done else ("new" if old_done is None else "correction"),
                }
            )
    if problems:
        raise ImportRejected(problems)
    if not rows:
        raise ImportRejected([Problem("import.error.empty")])
    return Preview("milestones", pd.DataFrame(rows))


def _write_milestones(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, user: User, batch: int) -> None:
    for r in rows.itertuples():
        version = 1 if pd.isna(r.old_version) else int(r.old_version) + 1
        con.execute(
            sql.load("data_in/imports_write:insert_milestone_update"),
            {
                "milestone": int(r.milestone_id),
                "version": version,
                "done_on": r.done_on,
                "note": r.note,
                "recorded_by": user.username,
                "batch": batch,
                "is_demo": False,
            },
        )
