"""Batches, undo and redo, and the history of a value: nothing is ever deleted or lost.

Undoing a batch writes a new batch that restores, for each item the batch wrote, the version
it replaced, with that version's provenance (author, source, demo flag). It is refused when any
of those items has a newer version since (a later correction would be lost): the refusal
lists them. An undo is itself undone by a "redo", which restores the batch's values.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from mel import sql
from mel.auth import MEMBERS, PermissionDenied, User, recheck
from mel.db import Reader, next_id, write_connection
from mel.problems import Refused


class UndoRefused(Refused):
    """The batch cannot be reversed; ``newer`` lists the items corrected since (may be empty)."""

    def __init__(self, message: str, key: str, newer: pd.DataFrame | None = None, **fields: Any) -> None:
        super().__init__(message, key, **fields)
        self.newer = newer if newer is not None else pd.DataFrame()


def new_batch(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    name: str,
    digest: str | None,
    rows: int,
    who: str,
    undoes: int | None = None,
    action: str = "import",
    recorded_at: datetime | None = None,
) -> int:
    """Start a batch (who, when, file name, SHA-256) and return its id."""
    batch = next_id(con, "data_in/imports_write:next_batch_id")
    con.execute(
        sql.load("data_in/imports_write:insert_batch"),
        {"id": batch, "kind": kind, "file_name": name, "sha256": digest, "rows_written": rows, "recorded_by": who,
         "undoes": undoes, "action": action, "recorded_at": recorded_at},
    )  # fmt: skip
    return batch


def batches(reader: Reader, user: User | None = None) -> pd.DataFrame:
    """Import batches, newest first (a focal point sees their own)."""
    frame = reader.df("data_in/batches")
    if user is not None and user.role == "focal_point":
        frame = frame[frame["recorded_by"] == user.username]
    return frame


def undo(batch_id: int, user: User, master: Path | None = None) -> int:
    """Undo an import (or a redo): a new batch restores what it replaced; returns its id."""
    return _reverse(batch_id, user, "undo", master)


def redo(batch_id: int, user: User, master: Path | None = None) -> int:
    """Undo an undo: a new batch restores the values the undo had withdrawn; returns its id."""
    return _reverse(batch_id, user, "redo", master)


def _reverse(batch_id: int, user: User, action: str, master: Path | None) -> int:
    with write_connection(master) as con:
        user = recheck(con, user)
        info = con.execute(sql.load("data_in/undo_write:batch_info"), {"batch": batch_id}).fetchone()
        if info is None:
            raise UndoRefused(f"no batch {batch_id}", "undo.error.no_batch", batch=batch_id)
        kind, who, undone_by, done = info
        if undone_by is not None:
            raise UndoRefused(
                f"batch {batch_id} was already reversed by batch {undone_by}",
                "undo.error.already",
                batch=batch_id,
                by=undone_by,
            )
        if action == "undo" and done == "undo":
            raise UndoRefused(
                f"batch {batch_id} is an undo: redo it instead (python -m mel redo {batch_id})",
                "undo.error.is_undo",
                batch=batch_id,
            )
        if action == "redo" and done != "undo":
            raise UndoRefused(f"batch {batch_id} is not an undo: only an undo can be redone", "undo.error.not_undo",
                              batch=batch_id)  # fmt: skip
        if user.role != "administrator" and who != user.username:
            raise PermissionDenied(f"{user.username} may only undo their own imports")
        if kind == "members":
            user.require(MEMBERS)
        newer = con.execute(sql.load("data_in/undo_write:newer_versions"), {"batch": batch_id}).df()
        if not newer.empty:
            raise UndoRefused(
                f"batch {batch_id} cannot be reversed: {len(newer)} of its values were corrected since",
                "undo.error.newer",
                newer,
                batch=batch_id,
                n=len(newer),
            )
        locked = con.execute(sql.load("data_in/undo_write:locked_quarters"), {"batch": batch_id}).fetchall()
        if locked:
            member, period, status = locked[0]
            raise UndoRefused(f"batch {batch_id} changes {member}'s {status} quarter {period}: it is locked",
                              f"undo.error.quarter_{status}", batch=batch_id, member=member, period=period)  # fmt: skip
        label = f"{action} of batch {batch_id}"
        reversal = new_batch(con, kind, label, None, 0, user.username, undoes=batch_id, action=action)
        written = _REVERSERS[kind](con, batch_id, reversal, user)
        con.execute(sql.load("data_in/imports_write:set_batch_rows"), {"rows_written": written, "batch": reversal})
        # The only change to a written row: the batch is marked as reversed (its rows all stay).
        con.execute(sql.load("data_in/undo_write:mark_batch_undone"), {"undo_batch": reversal, "batch": batch_id})
    return reversal


def _reverse_observations(con: duckdb.DuckDBPyConnection, batch_id: int, reversal: int, user: User) -> int:
    rows = con.execute(sql.load("data_in/undo_write:observation_rows"), {"batch": batch_id}).df()
    for r in rows.itertuples():
        restored = pd.notna(r.previous)
        con.execute(
            sql.load("data_in/undo_write:insert_observation_undo"),
            {
                "indicator": r.indicator_code,
                "member": r.member_code,
                "period": r.period,
                "period_start": r.period_start,
                "sex": r.sex,
                "value": float(r.previous) if restored else None,
                "source": r.source if isinstance(r.source, str) else None,
                "note": r.note if isinstance(r.note, str) else None,
                "version": int(r.top) + 1,
                "supersedes": int(r.latest_id),
                # The restored value keeps who recorded it; the batch records who reversed it.
                "recorded_by": r.recorded_by if isinstance(r.recorded_by, str) else user.username,
                "batch": reversal,
                "is_demo": bool(r.is_demo),
            },
        )
    return len(rows)


def _reverse_participation(con: duckdb.DuckDBPyConnection, batch_id: int, reversal: int, user: User) -> int:
    rows = con.execute(sql.load("data_in/undo_write:batch_participation_events"), {"batch": batch_id}).df()
    top = con.execute(sql.load("data_in/imports_write:max_event_id")).fetchone()
    next_id = int(top[0]) + 1 if top else 1
    for r in rows.itertuples():
        root = int(r.supersedes) if pd.notna(r.supersedes) else int(r.event_id)
        previous = con.execute(
            sql.load("data_in/undo_write:previous_participation_event"),
            {"root": root, "batch": batch_id, "version": int(r.version)},
        ).df()
        latest = con.execute(sql.load("data_in/undo_write:participation_latest_version"), {"root": root}).fetchone()
        source = previous.iloc[0] if not previous.empty else r
        con.execute(
            sql.load("data_in/undo_write:insert_participation_undo"),
            {
                "event_id": next_id,
                "member": source.member_code,
                "held_on": source.held_on,
                "kind": source.kind,
                "title": source.title,
                "participants_women": int(source.participants_women),
                "participants_men": int(source.participants_men),
                "participants_youth": None if pd.isna(source.participants_youth) else int(source.participants_youth),
                "cso_count": None if pd.isna(source.cso_count) else int(source.cso_count),
                "is_demo": bool(source.is_demo),
                "source": source.source if not previous.empty and isinstance(source.source, str) else None,
                "version": int(latest[0]) + 1 if latest and latest[0] is not None else 2,
                "supersedes": root,
                "recorded_by": source.recorded_by
                if not previous.empty and isinstance(source.recorded_by, str)
                else user.username,
                "batch": reversal,
                "withdrawn": previous.empty or bool(source.withdrawn),
            },
        )
        next_id += 1
    return len(rows)


def reverse_milestone_updates(con: duckdb.DuckDBPyConnection, batch_id: int, reversal: int, user: User) -> int:
    """Restore, for each milestone update a batch wrote, the done date before it (with its author)."""
    rows = con.execute(sql.load("data_in/undo_write:batch_milestone_updates"), {"batch": batch_id}).fetchall()
    for milestone, version in rows:
        previous = con.execute(
            sql.load("data_in/undo_write:previous_milestone_done"), {"milestone": milestone, "version": version}
        ).fetchone()
        if previous is None:  # back to the milestone's original record
            previous = con.execute(
                sql.load("data_in/undo_write:milestone_original_done"), {"milestone": milestone}
            ).fetchone()
        done_on, note, author, is_demo = previous if previous else (None, None, None, False)
        top = con.execute(sql.load("data_in/undo_write:milestone_latest_version"), {"milestone": milestone}).fetchone()
        con.execute(
            sql.load("data_in/imports_write:insert_milestone_update"),
            {
                "milestone": milestone,
                "version": int(top[0]) + 1 if top and top[0] is not None else int(version) + 1,
                "done_on": done_on,
                "note": note,
                "recorded_by": author or user.username,
                "batch": reversal,
                "is_demo": bool(is_demo),
            },
        )
    return len(rows)


def _reverse_members(con: duckdb.DuckDBPyConnection, batch_id: int, reversal: int, user: User) -> int:
    rows = con.execute(sql.load("data_in/undo_write:batch_member_records"), {"batch": batch_id}).df()
    for r in rows.itertuples():
        found = con.execute(
            sql.load("data_in/undo_write:previous_member_record"), {"member": r.member_code, "version": int(r.version)}
        ).df()
        # A member new in the batch leaves on the day it joined: counted nowhere, the record stays.
        previous = found.iloc[0] if not found.empty else None
        source = previous if previous is not None else r
        left_on = previous["left_on"] if previous is not None else r.joined_on
        top = con.execute(sql.load("data_in/undo_write:member_latest_version"), {"member": r.member_code}).fetchone()
        con.execute(
            sql.load("data_in/undo_write:insert_member_undo"),
            {
                "member": r.member_code,
                "kind": source.kind,
                "joined_on": source.joined_on,
                "cohort": int(source.cohort),
                "left_on": None if pd.isna(left_on) else _as_date(left_on),
                "dates_estimated": bool(source.dates_estimated),
                "is_demo": bool(source.is_demo) if previous is not None else False,
                "source": source.source if previous is not None else f"undo of batch {batch_id}",
                "source_url": source.source_url if previous is not None else None,
                "version": int(top[0]) + 1 if top and top[0] is not None else int(r.version) + 1,
                "recorded_by": source.recorded_by if previous is not None else user.username,
                "batch": reversal,
            },
        )
    return len(rows)


def _reverse_plan(con: duckdb.DuckDBPyConnection, batch_id: int, reversal: int, user: User) -> int:
    from mel.imports import plans  # the plan import writes batches itself: imported when first used

    return plans.reverse(con, batch_id, reversal, user)


def _as_date(value: Any) -> date:
    return pd.Timestamp(value).date()


_REVERSERS = {
    "observations": _reverse_observations,
    "participation": _reverse_participation,
    "milestones": reverse_milestone_updates,
    "plan": _reverse_plan,
    "members": _reverse_members,
}


def value_history(reader: Reader, member: str, indicator: str, period: str, sex: str) -> pd.DataFrame:
    """Every version of one value, with the batch (file, SHA-256) and the person it came from."""
    return reader.df("data_in/value_history", {"member": member, "indicator": indicator, "period": period, "sex": sex})
