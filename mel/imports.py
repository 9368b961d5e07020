"""Importing observations, participation events and milestone updates; batches, undo and history.

One code path for the command line, the Import page and the in-app editor: a table of raw cells
(from a file or an editor) is checked against the database, every problem is reported with its
row and column, and only a table without problems is written, in one transaction, as one batch.
Nothing is updated or deleted: a correction is a new version, an undo is a new batch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from mel import members_import, sql
from mel.auth import MEMBER_DATA, MEMBERS, User, recheck
from mel.batches import new_batch
from mel.db import Reader, write_connection
from mel.importer import ImportRejected, Problem, cell_text, parse_date, read_table, require_columns, sha256
from mel.periods import quarter_of, quarter_start, shift_quarter
from mel.plausibility import MAX_PEOPLE, indicator_value_problem, limit_for, people_count_problem
from mel.reference import NETWORK_CREATED

KINDS = ("observations", "participation", "milestones", "members")
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
# Columns an in-app table adds: what the user saw when they opened it. A row whose value changed
# since (someone else saved) is refused, instead of silently overwriting the other person's save.
EXPECTED_VALUE = "expected_value"
EXPECTED_DONE_ON = "expected_done_on"
NO_VALUE = "none"
# How long after its end a plan still takes values: the year of self-assessment and reporting.
REPORTING_QUARTERS_AFTER_END = 4

SEX_WORDS = {
    "total": "total",
    "all": "total",
    "tous": "total",
    "ensemble": "total",
    "المجموع": "total",
    "مجموع": "total",
    "women": "women",
    "woman": "women",
    "female": "women",
    "f": "women",
    "femmes": "women",
    "femme": "women",
    "نساء": "women",
    "النساء": "women",
    "إناث": "women",
    "men": "men",
    "man": "men",
    "male": "men",
    "m": "men",
    "h": "men",
    "hommes": "men",
    "homme": "men",
    "رجال": "men",
    "الرجال": "men",
    "ذكور": "men",
}
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
_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]?\s*[QqTt]([1-4])$")
_QUARTER_FIRST = re.compile(r"^[QqTt]([1-4])\s*[-/ ]?\s*(\d{4})$")  # T3 2024, Q3-2024
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


# ---- cell parsing ---------------------------------------------------------------------------------


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts, built column-wise (much faster than ``to_dict`` on large files)."""
    columns = list(frame.columns)
    return [
        dict(zip(columns, values, strict=True)) for values in zip(*(frame[c].tolist() for c in columns), strict=True)
    ]


def parse_period(value: Any) -> str | None:
    """A quarter from ``2024-Q3``, ``2024-09`` or a date in the quarter; None if none of these."""
    if isinstance(value, (datetime, date)):
        return quarter_of(value if isinstance(value, date) else value.date())
    return _parse_period_text(cell_text(value))


@lru_cache(maxsize=4096)
def _parse_period_text(text: str) -> str | None:
    match = _QUARTER.match(text)
    if match:
        return f"{match.group(1)}-Q{match.group(2)}"
    match = _QUARTER_FIRST.match(text)
    if match:
        return f"{match.group(2)}-Q{match.group(1)}"
    match = _MONTH.match(text)
    if match and 1 <= int(match.group(2)) <= 12:
        return quarter_of(date(int(match.group(1)), int(match.group(2)), 1))
    day = parse_date(text)
    return quarter_of(day) if day else None


def parse_sex(value: Any) -> str | None:
    """``total`` / ``women`` / ``men`` from the English, French or Arabic word."""
    return SEX_WORDS.get(cell_text(value).lower())


def parse_number(value: Any) -> float | None:
    """A number with a decimal point or comma (``12,5``), spaces as thousands separators; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if pd.notna(value) and abs(value) != float("inf") else None
    text = re.sub(r"[\s\u00a0\u202f]", "", cell_text(value))
    if _PLAIN_NUMBER.fullmatch(text):  # the common case: 12 or 12.5
        number = float(text)
        return number if abs(number) != float("inf") else None
    if "," in text and "." in text:
        text = text.replace("," if text.rfind(".") > text.rfind(",") else ".", "")
    text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
        return None
    number = float(text)
    return number if abs(number) != float("inf") else None


def parse_count(value: Any) -> int | None:
    """A whole number of people (may be negative here; the caller checks the sign)."""
    number = parse_number(value)
    return int(number) if number is not None and float(number).is_integer() else None


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


@dataclass(frozen=True)
class Preview:
    """What an import would write: each row with its status (new / correction / unchanged)."""

    kind: str
    rows: pd.DataFrame

    def count(self, status: str) -> int:
        """How many rows have this status."""
        return int((self.rows["status"] == status).sum()) if not self.rows.empty else 0

    @property
    def to_write(self) -> pd.DataFrame:
        """The rows that will be written (new and corrections)."""
        return self.rows[self.rows["status"] != "unchanged"] if not self.rows.empty else self.rows


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


def validate(data: bytes, file_name: str, user: User, today: date | None = None, master: Path | None = None) -> Preview:
    """Read and check a file, writing nothing: the preview, or ImportRejected."""
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


def commit(data: bytes, file_name: str, user: User, today: date | None = None, master: Path | None = None) -> int:
    """Check then write a file as one batch (checked again inside the transaction); return the batch id."""
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


# ---- observations ---------------------------------------------------------------------------------


def _plan_windows(cur: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """Per member: the first and last quarter its plans take values for."""
    rows = cur.execute(sql.load("import_plan_windows")).fetchall()
    windows = {}
    for code, first, end in rows:
        if first is None:
            continue
        last = shift_quarter(quarter_of(end), REPORTING_QUARTERS_AFTER_END) if end else "9999-Q4"
        windows[code] = (quarter_of(first), last)
    return windows


def _check_observations(frame: pd.DataFrame, user: User, cur: duckdb.DuckDBPyConnection, today: date) -> Preview:
    members = {r[0] for r in cur.execute(sql.load("import_member_codes")).fetchall()}
    indicators = {r[0]: (r[1], r[2]) for r in cur.execute(sql.load("import_indicator_units")).fetchall()}
    windows = _plan_windows(cur)
    problems: list[Problem] = []
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for record in _records(frame):
        row = int(record["_row"])
        code, indicator = cell_text(record["member_code"]), cell_text(record["indicator_code"]).upper()
        period, sex = parse_period(record["period"]), parse_sex(record["sex"])
        value = parse_number(record["value"])
        found: list[Problem] = []
        if code not in members:
            found.append(Problem("import.error.unknown_member_code", row, "member_code", {"value": code}))
        elif not user.can(MEMBER_DATA, code):
            found.append(Problem("import.error.not_allowed", row, "member_code", {"value": code}))
        if indicator not in indicators:
            found.append(Problem("import.error.unknown_indicator", row, "indicator_code", {"value": indicator}))
        if period is None:
            found.append(Problem("import.error.invalid_period", row, "period", {"value": cell_text(record["period"])}))
        elif quarter_start(period) > today:
            found.append(Problem("import.error.future_period", row, "period", {"value": period}))
        elif code in members and (code not in windows or not windows[code][0] <= period <= windows[code][1]):
            first, last = windows.get(code, ("–", "–"))
            found.append(
                Problem("import.error.outside_plan", row, "period", {"value": period, "first": first, "last": last})
            )
        if sex is None:
            found.append(Problem("import.error.invalid_sex", row, "sex", {"value": cell_text(record["sex"])}))
        elif sex != "total" and indicator in indicators and not indicators[indicator][1]:
            found.append(Problem("import.error.not_by_sex", row, "sex", {"value": indicator}))
        if value is None:
            found.append(Problem("import.error.not_a_number", row, "value", {"value": cell_text(record["value"])}))
        elif indicator in indicators:
            unit = indicators[indicator][0]
            reason = indicator_value_problem(unit, value)
            if reason:
                fields = {"value": cell_text(record["value"]), "limit": limit_for(unit)}
                found.append(Problem(reason, row, "value", fields))
        key = (code, indicator, period or "", sex or "")
        if not found and key in seen:
            found.append(Problem("import.error.duplicate_key", row, "period", {"first_row": seen[key]}))
        seen.setdefault(key, row)
        problems.extend(found)
        if not found:
            rows.append(
                {
                    "row": row,
                    "member_code": code,
                    "indicator_code": indicator,
                    "period": period,
                    "sex": sex,
                    "value": value,
                    "source": cell_text(record.get("source")) or None,
                    "note": cell_text(record.get("note")) or None,
                    "expected": _expected(record.get(EXPECTED_VALUE)),
                }
            )
    preview = pd.DataFrame(
        rows, columns=["row", "member_code", "indicator_code", "period", "sex", "value", "source", "note", "expected"]
    )
    if not preview.empty:
        current = _current_values(cur, preview)
        preview = preview.merge(current, on=["member_code", "indicator_code", "period", "sex"], how="left")
        problems.extend(_check_sex_sums(preview, current))
        problems.extend(_changed_since(preview))
    preview = preview.drop(columns=["expected"])
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    if preview.empty:
        raise ImportRejected([Problem("import.error.empty")])
    preview["status"] = [
        "new" if pd.isna(old) else "unchanged" if abs(old - new) < 1e-9 else "correction"
        for old, new in zip(preview["old_value"], preview["value"], strict=True)
    ]
    return Preview("observations", preview)


def _expected(cell: Any) -> object:
    """The value a table showed when the user opened it: a number, NO_VALUE, or None (not given)."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return None
    text = cell_text(cell)
    if text == NO_VALUE:
        return NO_VALUE
    return parse_number(text) if text else None


def _changed_since(preview: pd.DataFrame) -> list[Problem]:
    """Rows whose value someone else changed after the user opened the table (a lost update otherwise)."""
    found = []
    for row, expected, old in zip(preview["row"], preview["expected"], preview["old_value"], strict=True):
        if expected is None or (isinstance(expected, float) and expected != expected):
            continue  # not given (a file, or a row the table did not show)
        now_empty = old is None or pd.isna(old)
        if (expected == NO_VALUE) != now_empty or (not now_empty and abs(float(old) - float(expected)) > 1e-9):
            shown = "–" if now_empty else f"{float(old):g}"
            found.append(Problem("import.error.changed_since", int(row), "value", {"value": shown}))
    return found


def _current_values(cur: duckdb.DuckDBPyConnection, keys: pd.DataFrame) -> pd.DataFrame:
    """The current value and version of each key, and the members' other sexes for the same periods."""
    cur.register("import_keys", keys[["member_code", "indicator_code", "period"]].drop_duplicates())
    try:
        frame = cur.execute(sql.load("import_current_values")).df()
    finally:
        cur.unregister("import_keys")
    return frame


def _check_sex_sums(preview: pd.DataFrame, current: pd.DataFrame) -> list[Problem]:
    """Women, men and both together may not exceed the total: the file's values first, the database's otherwise.

    ``current`` holds the database's current value of every sex for the file's keys, so a new
    women's value is checked against a total already recorded, and a new total against the
    women and men already recorded. A sex not reported counts as 0.
    """
    key = ["member_code", "indicator_code", "period"]
    # Only keys with a value by sex, in the file or the database, can break the rule.
    sexed = pd.concat([preview.loc[preview["sex"] != "total", key], current.loc[current["sex"] != "total", key]])
    if sexed.empty:
        return []
    keys = pd.MultiIndex.from_frame(sexed.drop_duplicates())
    preview = preview[preview.set_index(key).index.isin(keys)]
    current = current[current.set_index(key).index.isin(keys)]
    new = preview.pivot_table(index=key, columns="sex", values="value", aggfunc="first")
    old = current.pivot_table(index=key, columns="sex", values="old_value", aggfunc="first")
    effective = new.combine_first(old).reindex(index=new.index, columns=["women", "men", "total"])
    effective = effective.dropna(subset=["total"]).dropna(how="all", subset=["women", "men"])
    if effective.empty:
        return []
    filled = effective.fillna({"women": 0.0, "men": 0.0})
    bad = effective[filled["women"] + filled["men"] > filled["total"] + 1e-9]
    last_row = preview.groupby(key)["row"].max()
    return [
        Problem("import.error.sexes_exceed_total", int(last_row[idx]), "value",
                {"women": _shown(r.women), "men": _shown(r.men), "total": r.total})
        for idx, r in zip(bad.index, bad.itertuples(), strict=True)
    ]  # fmt: skip


def _shown(value: float) -> str | float:
    """A value for a message: a sex not reported shows as a dash, never as nan."""
    return "–" if pd.isna(value) else value


def _write_observations(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, user: User, batch: int) -> None:
    """One INSERT for the whole batch (a 100,000-row file is written in well under a second)."""
    starts = {p: quarter_start(p) for p in rows["period"].unique()}
    frame = pd.DataFrame(
        {
            "indicator_code": rows["indicator_code"].astype(str),
            "member_code": rows["member_code"].astype(str),
            "period": rows["period"].astype(str),
            "period_start": rows["period"].map(starts),
            "sex": rows["sex"].astype(str),
            "value": rows["value"].astype(float),
            "source": rows["source"].astype(object),
            "note": rows["note"].astype(object),
            "version": pd.to_numeric(rows["old_version"]).fillna(0).astype(int) + 1,
            "supersedes": pd.to_numeric(rows["old_id"]).astype("Int64"),
        }
    )
    con.register("import_rows", frame)
    try:
        con.execute(sql.load("import_insert_observations"), {"recorded_by": user.username, "batch": batch})
    finally:
        con.unregister("import_rows")


# ---- participation events -------------------------------------------------------------------------


def _check_participation(frame: pd.DataFrame, user: User, cur: duckdb.DuckDBPyConnection, today: date) -> Preview:
    members = {r[0] for r in cur.execute(sql.load("import_member_codes")).fetchall()}
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
    existing = cur.execute(sql.load("import_participation_current")).df()
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
    top = con.execute(sql.load("import_max_event_id")).fetchone()
    next_id = int(top[0]) + 1 if top else 1
    for r in rows.itertuples():
        root = None
        if r.old_id is not None and not pd.isna(r.old_id):
            found = con.execute(sql.load("import_event_root"), {"event_id": int(r.old_id)}).fetchone()
            root = int(found[0]) if found else None
        con.execute(
            sql.load("import_insert_participation_event"),
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


# ---- milestones -----------------------------------------------------------------------------------


def _check_milestones(frame: pd.DataFrame, user: User, cur: duckdb.DuckDBPyConnection, today: date) -> Preview:
    known = cur.execute(sql.load("import_milestones_known")).df().set_index("milestone_id")
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
            sql.load("import_insert_milestone_update"),
            {
                "milestone": int(r.milestone_id),
                "version": version,
                "done_on": r.done_on,
                "note": r.note,
                "recorded_by": user.username,
                "batch": batch,
            },
        )


__all__ = ["KINDS", "ImportRejected", "Preview", "commit", "commit_frame", "validate"]
