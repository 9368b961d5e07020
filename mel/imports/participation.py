"""Participation events: who took part, by sex; a correction is a new version of the event."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
import pandas as pd

from mel import sql
from mel.auth import MEMBER_DATA, User
from mel.imports.cells import (
    ImportRejected,
    Preview,
    Problem,
    _records,
    cell_text,
    parse_count,
    parse_date,
)
from mel.plausibility import MAX_PEOPLE, people_count_problem
from mel.reference import NETWORK_CREATED

EVENT_WORDS = {
    "co_creation_workshop": "co_creation_workshop",
    "atelier de co-construction": "co_creation_workshop",
    "ورشة الإعداد المشترك": "co_creation_workshop",
    "consultation": "consultation",
    "تشاور": "consultation",
    "مشاورة": "consultation",
    "follow_up_committee": "follow_up_committee",
    "comité de suivi": "follow_up_committee",
    "لجنة التتبع": "follow_up_committee",
    "training": "training",
    "formation": "training",
    "تكوين": "training",
}

# ---- participation events -------------------------------------------------------------------------


def _check_participation(frame: pd.DataFrame, user: User, cur: duckdb.DuckDBPyConnection, today: date) -> Preview:
    members = {r[0] for r in cur.execute(sql.load("data_in/imports_write:member_codes")).fetchall()}
    problems: list[Problem] = []
    rows = []
    seen: dict[tuple[Any, ...], int] = {}
    for record in _records(frame):
        row = int(record["_row"])
        code = cell_text(record["member_code"])
        held = parse_date(record["held_on"])
        kind = EVENT_WORDS.get(cell_text(record["kind"]).lower())
        found = []
        counts: dict[str, int | None] = {}
        for column in ("participants_women", "participants_men", "participants_youth", "cso_count"):
            text = cell_text(record.get(column))
            counts[column] = parse_count(text) if text else None
            if not text and column in ("participants_youth", "cso_count"):
                continue
            count = counts[column]
            reason = "import.error.not_a_count" if count is None else people_count_problem(count)
            if reason:
                found.append(Problem(reason, row, column, {"value": text, "limit": MAX_PEOPLE}))
        if code not in members:
            found.append(Problem("import.error.unknown_member_code", row, "member_code", {"value": code}))
        elif not user.can(MEMBER_DATA, code):
            found.append(Problem("import.error.not_allowed", row, "member_code", {"value": code}))
        if held is None:
            found.append(Problem("import.error.invalid_date", row, "held_on", {"value": cell_text(record["held_on"])}))
        elif held > today:
            found.append(Problem("import.error.future_date", row, "held_on", {"value": held.isoformat()}))
        elif held < NETWORK_CREATED:
            found.append(Problem("import.error.before_network", row, "held_on", {"value": held.isoformat()}))
        if kind is None:
            found.append(Problem("import.error.invalid_event_kind", row, "kind", {"value": cell_text(record["kind"])}))
        women, men, youth = counts["participants_women"], counts["participants_men"], counts["participants_youth"]
        if not found and youth is not None and women is not None and men is not None and youth > women + men:
            found.append(Problem("import.error.youth_exceeds", row, "participants_youth", {"value": youth}))
        title = cell_text(record.get("title")) or None
        key = (code, held, kind, title)
        if not found and key in seen:
            found.append(Problem("import.error.duplicate_key", row, "held_on", {"first_row": seen[key]}))
        seen.setdefault(key, row)
        problems.extend(found)
        if not found:
            rows.append({"row": row, "member_code": code, "held_on": held, "kind": kind, "title": title, **counts})
    if problems:
        raise ImportRejected(problems)
    preview = pd.DataFrame(rows)
    if preview.empty:
        raise ImportRejected([Problem("import.error.empty")])
    existing = cur.execute(sql.load("data_in/imports_write:participation_current")).df()
    existing["held_on"] = pd.to_datetime(existing["held_on"]).dt.date
    lookup = {
        (r.member_code, r.held_on, r.kind, r.title if isinstance(r.title, str) else None): r
        for r in existing.itertuples()
    }
    compared: list[dict[str, Any]] = []
    for r in preview.itertuples():
        old = lookup.get((r.member_code, r.held_on, r.kind, r.title))
        if old is None:
            compared.append({"status": "new", "old_women": None, "old_men": None, "old_id": None, "old_version": None})
            continue
        same = old.participants_women == r.participants_women and old.participants_men == r.participants_men
        compared.append(
            {"status": "unchanged" if same else "correction", "old_women": old.participants_women,
             "old_men": old.participants_men, "old_id": int(old.event_id), "old_version": int(old.version)}
        )  # fmt: skip
    preview = pd.concat([preview, pd.DataFrame(compared, index=preview.index)], axis=1)
    return Preview("participation", preview)


def _write_participation(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, user: User, batch: int) -> None:
    top = con.execute(sql.load("data_in/imports_write:max_event_id")).fetchone()
    next_id = int(top[0]) + 1 if top else 1
    for r in rows.itertuples():
        root = None
        if r.old_id is not None and not pd.isna(r.old_id):
            found = con.execute(sql.load("data_in/imports_write:event_root"), {"event_id": int(r.old_id)}).fetchone()
            root = int(found[0]) if found else None
        con.execute(
            sql.load("data_in/imports_write:insert_participation_event"),
            {
                "event_id": next_id,
                "member": r.member_code,
                "held_on": r.held_on,
                "kind": r.kind,
                "title": r.title,
                "participants_women": int(r.participants_women),
                "participants_men": int(r.participants_men),
                "participants_youth": None if pd.isna(r.participants_youth) else int(r.participants_youth),
                "cso_count": None if pd.isna(r.cso_count) else int(r.cso_count),
                "version": 1 if root is None else int(r.old_version) + 1,
                "supersedes": root,
                "recorded_by": user.username,
                "batch": batch,
            },
        )
        next_id += 1
