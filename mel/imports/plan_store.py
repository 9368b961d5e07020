"""A checked plan against what is recorded: what would change, and writing it as new versions.

A plan workbook states a member's whole programme for one cycle. Compared with the plan's
current version, it adds, changes or removes axes, projects and milestones; if anything in them
changed, the whole plan is written again as the next version (the previous one stays). Done
dates are milestone updates, and targets and IEECAG records versions of their own, so each keeps
its own history. Sheets a workbook leaves out (targets, IEECAG) are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from mel import sql
from mel.db import insert_frame
from mel.imports.plan_book import TITLES, PlanDraft

PLAN_FIELDS = (
    "status",
    "co_created_on",
    "adopted_on",
    "start_on",
    "end_on",
    "focal_point_name",
    "focal_point_email",
    "focal_point_phone",
    "source",
    "is_demo",
)
AXIS_FIELDS = (*TITLES, "principles", "is_demo")
PROJECT_FIELDS = (
    *TITLES,
    "aim_ar",
    "aim_fr",
    "aim_en",
    "lead_service",
    "axis_position",
    "budget_mad",
    "spent_mad",
    "start_on",
    "end_on",
    "status",
    "weight",
    "is_demo",
)
MILESTONE_FIELDS = (*TITLES, "due_on", "weight", "is_demo")
TARGET_FIELDS = ("baseline_value", "baseline_on", "target_value", "target_on", "source", "is_demo")
IEECAG_FIELDS = (
    "created_on",
    "members_women",
    "members_men",
    "meetings_held",
    "opinions_issued",
    "opinions_acted_on",
    "took_part_in_co_creation",
    "source",
    "is_demo",
)
CHANGE_COLUMNS = ["item", "key", "change", "field", "old", "new"]


@dataclass
class Recorded:
    """A member's plan for one cycle as recorded now (empty when it was never imported)."""

    plan: dict[str, Any] | None = None
    axes: dict[int, dict[str, Any]] = field(default_factory=dict)
    projects: dict[str, dict[str, Any]] = field(default_factory=dict)
    milestones: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    targets: dict[str, dict[str, Any]] = field(default_factory=dict)  # withdrawn ones included
    ieecag: dict[date, dict[str, Any]] = field(default_factory=dict)
    ids: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def current(self) -> bool:
        """Whether the plan has a version in force (not withdrawn by an undo)."""
        return self.plan is not None and not self.plan["withdrawn"]


def load_recorded(cur: duckdb.DuckDBPyConnection, member: str, cycle: int) -> Recorded:
    """What is recorded for ``member``'s plan of ``cycle``, its targets and IEECAG records."""
    return load_recorded_many(cur, [(member, cycle)])[(member, cycle)]


def load_recorded_many(cur: duckdb.DuckDBPyConnection, keys: list[tuple[str, int]]) -> dict[tuple[str, int], Recorded]:
    """``load_recorded`` for many (member, cycle) at once: a few queries whatever their number."""
    found = {key: Recorded() for key in keys}
    members = sorted({m for m, _ in keys})
    latest = rows_of(
        cur.execute(sql.load("plan/workbook_store_write:latest_versions"), {"keys": [f"{m}|{c}" for m, c in keys]}).df()
    )
    by_plan: dict[int, Recorded] = {}
    for plan in latest:
        recorded = found[(plan["member_code"], plan["cycle"])]
        recorded.plan = plan
        by_plan[plan["plan_id"]] = recorded
    current = [p for p in latest if not p["withdrawn"]]
    versions = {"plans": [p["plan_id"] for p in current], "versions": [p["version"] for p in current]}
    if current:
        for row in rows_of(cur.execute(sql.load("plan/workbook_store_write:axes"), versions).df()):
            by_plan[row["plan_id"]].axes[row["position"]] = row
        for row in rows_of(cur.execute(sql.load("plan/workbook_store_write:projects"), versions).df()):
            by_plan[row["plan_id"]].projects[row["code"]] = row
        for row in rows_of(cur.execute(sql.load("plan/workbook_store_write:milestones"), versions).df()):
            by_plan[row["plan_id"]].milestones[(row["project_code"], row["position"])] = row
    if by_plan:
        known = cur.execute(sql.load("plan/workbook_store_write:known_ids"), {"plans": list(by_plan)}).fetchall()
        for plan_id, item, item_key, item_id in known:
            by_plan[int(plan_id)].ids[(item, item_key)] = int(item_id)
    by_member: dict[str, list[Recorded]] = {}
    for (member, _), recorded in found.items():
        by_member.setdefault(member, []).append(recorded)
    for row in rows_of(cur.execute(sql.load("plan/workbook_store_write:targets"), {"members": members}).df()):
        for recorded in by_member[row["member_code"]]:
            recorded.targets[row["indicator_code"]] = row
    for row in rows_of(cur.execute(sql.load("plan/workbook_store_write:ieecag"), {"members": members}).df()):
        for recorded in by_member[row["member_code"]]:
            recorded.ieecag[row["as_of"]] = row
    return found


def load_version(cur: duckdb.DuckDBPyConnection, plan_id: int, version: int) -> PlanDraft | None:
    """One version of a plan as a draft (its axes, projects and milestones), to compare versions; None if none."""
    found = cur.execute(sql.load("plan/workbook_store_write:version"), {"plan": plan_id, "version": version}).df()
    if found.empty:
        return None
    key = {"plans": [plan_id], "versions": [version]}
    axes = rows_of(cur.execute(sql.load("plan/workbook_store_write:axes"), key).df())
    projects = rows_of(cur.execute(sql.load("plan/workbook_store_write:projects"), key).df())
    milestones = rows_of(cur.execute(sql.load("plan/workbook_store_write:milestones"), key).df())
    return PlanDraft(plain(found.iloc[0].to_dict()), axes, projects, milestones, None, None)


def as_recorded(draft: PlanDraft) -> Recorded:
    """A stored version as what ``changes`` compares a newer one with."""
    return Recorded(
        plan=draft.plan,
        axes={a["position"]: a for a in draft.axes},
        projects={p["code"]: p for p in draft.projects},
        milestones={(m["project_code"], m["position"]): m for m in draft.milestones},
    )


def plain(value: Any) -> Any:
    """A database value as the checks produce it: dates as dates, no NaN, NumPy values as Python's."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, np.ndarray | list | tuple):
        return [plain(v) for v in value]
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date() if value == value.normalize() else value.to_pydatetime()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Decimal):
        return float(value)
    return value


def rows_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A query's rows as plain Python values (``plain``)."""
    return [plain(r) for r in frame.to_dict("records")]


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, (int, float)) and isinstance(new, (int, float)) and not isinstance(old, bool):
        return abs(float(old) - float(new)) < 1e-9
    if isinstance(old, list) or isinstance(new, list):
        return sorted(old or []) == sorted(new or [])
    return old == new


def _compare(
    item: str, key: str, old: dict[str, Any] | None, new: dict[str, Any] | None, fields: tuple[str, ...], label: str
) -> list[dict[str, Any]]:
    """Change rows for one item: added, removed, or each field that differs."""
    if old is None and new is not None:
        return [{"item": item, "key": key, "change": "added", "field": label, "old": None, "new": new.get(label)}]
    if new is None and old is not None:
        return [{"item": item, "key": key, "change": "removed", "field": label, "old": old.get(label), "new": None}]
    assert old is not None and new is not None
    return [
        {"item": item, "key": key, "change": "changed", "field": f, "old": old.get(f), "new": new.get(f)}
        for f in fields
        if not _same(old.get(f), new.get(f))
    ]


class Title(dict[str, str]):
    """An item's title in each language it has, shown in the reader's (``pick``)."""

    def pick(self, lang: str) -> str:
        return self.get(lang) or self.get("fr") or self.get("ar") or self.get("en") or "–"

    def __str__(self) -> str:
        return self.pick("en")


def _title(row: dict[str, Any]) -> Title:
    return Title({lang: row[f"title_{lang}"] for lang in ("ar", "fr", "en") if row.get(f"title_{lang}")})


def changes(draft: PlanDraft, recorded: Recorded) -> pd.DataFrame:
    """What the workbook would change, one row per item and field: added, changed (old and new) or removed."""
    return pd.DataFrame(change_rows(draft, recorded), columns=CHANGE_COLUMNS)


def change_rows(draft: PlanDraft, recorded: Recorded) -> list[dict[str, Any]]:
    """The rows of ``changes``, as dicts."""
    rows: list[dict[str, Any]] = []
    if not recorded.current:
        rows.append(
            {
                "item": "plan",
                "key": f"{draft.member_code} · {draft.cycle}",
                "change": "added",
                "field": "status",
                "old": None,
                "new": draft.plan["status"],
            }
        )
    else:
        assert recorded.plan is not None
        rows += _compare("plan", f"{draft.member_code} · {draft.cycle}", recorded.plan, draft.plan, PLAN_FIELDS, "")
    axes = {a["position"]: a for a in draft.axes}
    for position in sorted(set(axes) | set(recorded.axes)):
        old, new = recorded.axes.get(position), axes.get(position)
        rows += _compare("axis", str(position), _titled(old), _titled(new), AXIS_FIELDS, "title")
    projects = {p["code"]: p for p in draft.projects}
    for code in sorted(set(projects) | set(recorded.projects)):
        rows += _compare(
            "project", code, _titled(recorded.projects.get(code)), _titled(projects.get(code)), PROJECT_FIELDS, "title"
        )
    milestones = {(m["project_code"], m["position"]): m for m in draft.milestones}
    for key in sorted(set(milestones) | set(recorded.milestones)):
        old, new = recorded.milestones.get(key), milestones.get(key)
        rows += _compare(
            "milestone", f"{key[0]} · {key[1]}", _titled(old), _titled(new), (*MILESTONE_FIELDS, "done_on"), "title"
        )
    if draft.targets is not None:
        targets = {t["indicator_code"]: t for t in draft.targets}
        current = {k: v for k, v in recorded.targets.items() if not v["withdrawn"]}
        for code in sorted(set(targets) | set(current)):
            rows += _compare("target", code, current.get(code), targets.get(code), TARGET_FIELDS, "target_value")
    if draft.ieecag is not None:
        records = {r["as_of"]: r for r in draft.ieecag}
        current_records = {k: v for k, v in recorded.ieecag.items() if not v["withdrawn"]}
        for as_of in sorted(set(records) | set(current_records)):
            rows += _compare(
                "ieecag",
                as_of.isoformat(),
                current_records.get(as_of),
                records.get(as_of),
                IEECAG_FIELDS,
                "members_women",
            )
    for row in rows:
        if row["field"] == "":
            row["field"] = "status"
    return rows


def _titled(row: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if row is None else {**row, "title": _title(row)}


class Ids:
    """New ids, following the highest given so far (read once per write)."""

    def __init__(self, cur: duckdb.DuckDBPyConnection) -> None:
        found = cur.execute(sql.load("plan/workbook_store_write:max_ids")).fetchone()
        assert found is not None
        self.top = dict(zip(("plan", "axis", "project", "milestone"), (int(v) for v in found), strict=True))

    def next(self, item: str) -> int:
        self.top[item] += 1
        return self.top[item]


@dataclass
class Pending:
    """Rows to insert, gathered across one or many plans and written table by table."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)

    def write(self, con: duckdb.DuckDBPyConnection) -> int:
        """Insert every gathered row; returns how many."""
        written = sum(insert_frame(con, table, pd.DataFrame(rows)) for table, rows in self.tables.items())
        self.tables.clear()
        return written


def stage(
    draft: PlanDraft,
    recorded: Recorded,
    ids: Ids,
    pending: Pending,
    who: str,
    batch_for: Callable[[int], int],
    recorded_at: datetime,
) -> int:
    """Gather the rows that write ``draft`` as new versions; returns how many items changed (0: nothing new).

    ``batch_for(count)`` starts the batch once the number of changes is known and returns its id.
    """
    changed = change_rows(draft, recorded)
    if not changed:
        return 0
    stamp = {"recorded_at": recorded_at, "recorded_by": who, "batch_id": batch_for(len(changed))}
    structural = [
        c for c in changed
        if c["item"] not in ("target", "ieecag") and not (c["item"] == "milestone" and c["field"] == "done_on")
    ]  # fmt: skip
    plan_id = recorded.plan["plan_id"] if recorded.plan else ids.next("plan")
    milestone_ids: dict[tuple[str, int], int] = {}
    if structural:
        version = recorded.plan["version"] + 1 if recorded.plan else 1
        plan = {k: v for k, v in draft.plan.items() if k != "row"}
        pending.add("plan_versions", {**plan, "plan_id": plan_id, "version": version, "withdrawn": False, **stamp})
        key = {"plan_id": plan_id, "version": version}
        for axis in draft.axes:
            axis_id = recorded.ids.get(("axis", str(axis["position"]))) or ids.next("axis")
            pending.add("plan_axes", {**_without_row(axis), **key, "axis_id": axis_id})
        for project in draft.projects:
            project_id = recorded.ids.get(("project", project["code"])) or ids.next("project")
            pending.add("plan_projects", {**_without_row(project), **key, "project_id": project_id})
        for milestone in draft.milestones:
            ident = (milestone["project_code"], milestone["position"])
            milestone_id = recorded.ids.get(("milestone", f"{ident[0]}/{ident[1]}")) or ids.next("milestone")
            milestone_ids[ident] = milestone_id
            row = {k: v for k, v in _without_row(milestone).items() if k != "done_on"}
            pending.add("plan_milestones", {**row, **key, "milestone_id": milestone_id, "done_on": None})
    for milestone in draft.milestones:
        ident = (milestone["project_code"], milestone["position"])
        old = recorded.milestones.get(ident)
        if (old["done_on"] if old else None) == milestone["done_on"]:
            continue
        milestone_id = milestone_ids.get(ident) or recorded.ids[("milestone", f"{ident[0]}/{ident[1]}")]
        previous = old["update_version"] if old and old.get("update_version") is not None else 0
        pending.add(
            "milestone_updates",
            {
                "milestone_id": milestone_id,
                "version": previous + 1,
                "done_on": milestone["done_on"],
                "note": None,
                "is_demo": milestone["is_demo"],
                **stamp,
            },
        )
    member = draft.member_code
    if draft.targets is not None:
        _stage_versions(
            pending,
            "target_versions",
            {"member_code": member},
            "indicator_code",
            draft.targets,
            recorded.targets,
            TARGET_FIELDS,
            stamp,
        )
    if draft.ieecag is not None:
        _stage_versions(
            pending,
            "gender_body_versions",
            {"member_code": member},
            "as_of",
            draft.ieecag,
            recorded.ieecag,
            IEECAG_FIELDS,
            stamp,
        )
    return len(changed)


def _stage_versions(
    pending: Pending,
    table: str,
    owner: dict[str, Any],
    key: str,
    rows: list[dict[str, Any]],
    recorded: dict[Any, dict[str, Any]],
    fields: tuple[str, ...],
    stamp: dict[str, Any],
) -> None:
    """New versions of the rows that changed; a recorded row the sheet leaves out is withdrawn."""
    given = {r[key]: r for r in rows}
    for ident in set(given) | {k for k, v in recorded.items() if not v["withdrawn"]}:
        old, new = recorded.get(ident), given.get(ident)
        version = (old["version"] if old else 0) + 1
        if new is None:
            assert old is not None
            values = {f: old[f] for f in fields}
            pending.add(table, {**owner, key: ident, **values, "version": version, "withdrawn": True, **stamp})
        elif old is None or old["withdrawn"] or not all(_same(old[f], new[f]) for f in fields):
            values = {f: new[f] for f in fields}
            pending.add(table, {**owner, key: ident, **values, "version": version, "withdrawn": False, **stamp})


def _without_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "row"}
