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
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from mel import members_import
from mel.auth import MEMBER_DATA, MEMBERS, User
from mel.db import Reader, write_connection
from mel.importer import ImportRejected, Problem, cell_text, parse_date, read_table, require_columns, sha256
from mel.periods import quarter_of, quarter_start, shift_quarter

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
NETWORK_CREATED = date(2022, 10, 21)
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


# ---- cell parsing ---------------------------------------------------------------------------------


def parse_period(value: Any) -> str | None:
    """A quarter from ``2024-Q3``, ``2024-09`` or a date in the quarter; None if none of these."""
    if isinstance(value, (datetime, date)):
        return quarter_of(value if isinstance(value, date) else value.date())
    text = cell_text(value)
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
        return members_import.import_members(data, file_name, user.username, master, today)
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
        preview = check(kind, frame, user, con, today)
        rows = preview.to_write
        batch = _new_batch(con, kind, source_name, digest, len(rows), user.username)
        {"observations": _write_observations, "participation": _write_participation, "milestones": _write_milestones}[
            kind
        ](con, rows, user, batch)
    return batch


def _new_batch(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    name: str,
    digest: str | None,
    rows: int,
    who: str,
    undoes: int | None = None,
) -> int:
    row = con.execute(
        "INSERT INTO core.import_batches (kind, file_name, sha256, rows_written, recorded_by, undoes) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING batch_id",
        [kind, name, digest, rows, who, undoes],
    ).fetchone()
    assert row is not None
    return int(row[0])


# ---- observations ---------------------------------------------------------------------------------


def _plan_windows(cur: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """Per member: the first and last quarter its plans take values for."""
    rows = cur.execute(
        "SELECT member_code, min(coalesce(co_created_on, adopted_on, start_on)), max(end_on) FROM plans GROUP BY 1"
    ).fetchall()
    windows = {}
    for code, first, end in rows:
        if first is None:
            continue
        last = shift_quarter(quarter_of(end), REPORTING_QUARTERS_AFTER_END) if end else "9999-Q4"
        windows[code] = (quarter_of(first), last)
    return windows


def _check_observations(frame: pd.DataFrame, user: User, cur: duckdb.DuckDBPyConnection, today: date) -> Preview:
    members = {r[0] for r in cur.execute("SELECT member_code FROM members").fetchall()}
    indicators = {r[0]: (r[1], r[2]) for r in cur.execute("SELECT code, unit, by_sex FROM indicators").fetchall()}
    windows = _plan_windows(cur)
    problems: list[Problem] = []
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for record in frame.to_dict("records"):
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
            if unit == "percent" and not 0 <= value <= 100:
                found.append(Problem("import.error.percent_range", row, "value", {"value": cell_text(record["value"])}))
            elif value < 0:
                found.append(Problem("import.error.negative", row, "value", {"value": cell_text(record["value"])}))
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
                }
            )
    preview = pd.DataFrame(
        rows, columns=["row", "member_code", "indicator_code", "period", "sex", "value", "source", "note"]
    )
    if not preview.empty:
        current = _current_values(cur, preview)
        preview = preview.merge(current, on=["member_code", "indicator_code", "period", "sex"], how="left")
        problems.extend(_check_sex_sums(preview))
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    if preview.empty:
        raise ImportRejected([Problem("import.error.empty")])
    preview["status"] = [
        "new" if pd.isna(old) else "unchanged" if abs(old - new) < 1e-9 else "correction"
        for old, new in zip(preview["old_value"], preview["value"], strict=True)
    ]
    return Preview("observations", preview)


def _current_values(cur: duckdb.DuckDBPyConnection, keys: pd.DataFrame) -> pd.DataFrame:
    """The current value and version of each key, and the members' other sexes for the same periods."""
    cur.register("import_keys", keys[["member_code", "indicator_code", "period"]].drop_duplicates())
    try:
        frame = cur.execute(
            "SELECT o.member_code, o.indicator_code, o.period, o.sex, o.value AS old_value, o.version AS old_version, "
            "o.observation_id AS old_id FROM core.observations o "
            "JOIN import_keys k USING (member_code, indicator_code, period) "
            "QUALIFY row_number() OVER (PARTITION BY o.member_code, o.indicator_code, o.period, o.sex "
            "ORDER BY o.version DESC) = 1"
        ).df()
    finally:
        cur.unregister("import_keys")
    return frame


def _check_sex_sums(preview: pd.DataFrame) -> list[Problem]:
    """Women + men may not exceed the total, taking the file's values first and the database's otherwise."""
    problems = []
    for (_code, _ind, _period), group in preview.groupby(["member_code", "indicator_code", "period"]):
        values = {r.sex: (r.value, r.row) for r in group.itertuples()}
        olds = {r.sex: r.old_value for r in group.itertuples() if pd.notna(r.old_value)}

        def get(sex: str, values: dict[str, Any] = values, olds: dict[str, Any] = olds) -> float | None:
            return values[sex][0] if sex in values else olds.get(sex)

        women, men, total = get("women"), get("men"), get("total")
        if women is not None and men is not None and total is not None and women + men > total + 1e-9:
            row = max(values[s][1] for s in values)
            problems.append(
                Problem("import.error.sexes_exceed_total", row, "value", {"women": women, "men": men, "total": total})
            )
    return problems


def _write_observations(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, user: User, batch: int) -> None:
    for r in rows.itertuples():
        version = 1 if pd.isna(r.old_version) else int(r.old_version) + 1
        con.execute(
            "INSERT INTO core.observations (indicator_code, member_code, period, period_start, sex, value, source, "
            "note, version, supersedes, recorded_by, batch_id, is_demo) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)",
            [
                r.indicator_code,
                r.member_code,
                r.period,
                quarter_start(r.period),
                r.sex,
                r.value,
                r.source,
                r.note,
                version,
                None if pd.isna(r.old_id) else int(r.old_id),
                user.username,
                batch,
            ],
        )


# ---- participation events -------------------------------------------------------------------------


def _check_participation(frame: pd.DataFrame, user: User, cur: duckdb.DuckDBPyConnection, today: date) -> Preview:
    members = {r[0] for r in cur.execute("SELECT member_code FROM members").fetchall()}
    problems: list[Problem] = []
    rows = []
    seen: dict[tuple[Any, ...], int] = {}
    for record in frame.to_dict("records"):
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
            if counts[column] is None:
                found.append(Problem("import.error.not_a_count", row, column, {"value": text}))
            elif counts[column] < 0:  # type: ignore[operator]
                found.append(Problem("import.error.negative_count", row, column, {"value": text}))
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
    existing = cur.execute(
        "SELECT event_id, member_code, held_on, kind, title, participants_women, participants_men, version "
        "FROM participation"
    ).df()
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
    top = con.execute("SELECT coalesce(max(event_id), 0) FROM core.participation_events").fetchone()
    next_id = int(top[0]) + 1 if top else 1
    for r in rows.itertuples():
        root = None
        if r.old_id is not None and not pd.isna(r.old_id):
            found = con.execute(
                "SELECT coalesce(supersedes, event_id) FROM core.participation_events WHERE event_id = ?",
                [int(r.old_id)],
            ).fetchone()
            root = int(found[0]) if found else None
        con.execute(
            "INSERT INTO core.participation_events (event_id, member_code, held_on, kind, title, participants_women, "
            "participants_men, participants_youth, cso_count, is_demo, source, version, supersedes, recorded_at, "
            "recorded_by, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, 'import', ?, ?, current_timestamp, ?, ?)",
            [
                next_id,
                r.member_code,
                r.held_on,
                r.kind,
                r.title,
                int(r.participants_women),
                int(r.participants_men),
                None if pd.isna(r.participants_youth) else int(r.participants_youth),
                None if pd.isna(r.cso_count) else int(r.cso_count),
                1 if root is None else int(r.old_version) + 1,
                root,
                user.username,
                batch,
            ],
        )
        next_id += 1


# ---- milestones -----------------------------------------------------------------------------------


def _check_milestones(frame: pd.DataFrame, user: User, cur: duckdb.DuckDBPyConnection, today: date) -> Preview:
    known = (
        cur.execute(
            "SELECT ms.milestone_id, ms.member_code, ms.done_on, ms.title_fr, "
            "(SELECT max(version) FROM core.milestone_updates u WHERE u.milestone_id = ms.milestone_id) AS version "
            "FROM milestones ms"
        )
        .df()
        .set_index("milestone_id")
    )
    problems: list[Problem] = []
    rows = []
    seen: dict[int, int] = {}
    for record in frame.to_dict("records"):
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
        if not found and milestone in seen:
            found.append(Problem("import.error.duplicate_key", row, "milestone_id", {"first_row": seen[milestone]}))
        if milestone is not None:
            seen.setdefault(milestone, row)
        problems.extend(found)
        if not found:
            old = known.loc[milestone, "done_on"]
            old_done = None if pd.isna(old) else pd.Timestamp(old).date()
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
            "INSERT INTO core.milestone_updates (milestone_id, version, done_on, note, recorded_by, batch_id) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [int(r.milestone_id), version, r.done_on, r.note, user.username, batch],
        )


# ---- batches, undo, history -----------------------------------------------------------------------


def batches(reader: Reader, user: User | None = None) -> pd.DataFrame:
    """Import batches, newest first (a focal point sees their own)."""
    frame = reader.df("import_batches_list")
    if user is not None and user.role == "focal_point":
        frame = frame[frame["recorded_by"] == user.username]
    return frame


def undo(batch_id: int, user: User, master: Path | None = None) -> int:
    """Undo a batch: a new batch restores each value it changed to its previous version (or withdraws it)."""
    with write_connection(master) as con:
        info = con.execute(
            "SELECT kind, recorded_by, undone_by, undoes FROM core.import_batches WHERE batch_id = ?", [batch_id]
        ).fetchone()
        if info is None:
            raise KeyError(f"no batch {batch_id}")
        kind, who, undone_by, _ = info
        if undone_by is not None:
            raise ValueError(f"batch {batch_id} was already undone by batch {undone_by}")
        if user.role != "administrator" and who != user.username:
            from mel.auth import PermissionDenied

            raise PermissionDenied(f"{user.username} may only undo their own imports")
        undo_batch = _new_batch(con, kind, f"undo of batch {batch_id}", None, 0, user.username, undoes=batch_id)
        written = {
            "observations": _undo_observations,
            "participation": _undo_participation,
            "milestones": _undo_milestones,
            "members": _undo_members,
        }[kind](con, batch_id, undo_batch, user)
        con.execute("UPDATE core.import_batches SET rows_written = ? WHERE batch_id = ?", [written, undo_batch])
        # The only change to a written row: the batch is marked as undone (its rows all stay).
        con.execute("UPDATE core.import_batches SET undone_by = ? WHERE batch_id = ?", [undo_batch, batch_id])
    return undo_batch


def _undo_observations(con: duckdb.DuckDBPyConnection, batch_id: int, undo_batch: int, user: User) -> int:
    rows = con.execute(
        "SELECT b.observation_id, b.indicator_code, b.member_code, b.period, b.period_start, b.sex, "
        "(SELECT value FROM core.observations p WHERE p.observation_id = b.supersedes) AS previous, "
        "(SELECT max(version) FROM core.observations v WHERE v.indicator_code = b.indicator_code "
        " AND v.member_code = b.member_code AND v.period = b.period AND v.sex = b.sex) AS top "
        "FROM core.observations b WHERE b.batch_id = ?",
        [batch_id],
    ).fetchall()
    for obs_id, indicator, member, period, start, sex, previous, top in rows:
        con.execute(
            "INSERT INTO core.observations (indicator_code, member_code, period, period_start, sex, value, note, "
            "version, supersedes, recorded_by, batch_id, is_demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)",
            [
                indicator,
                member,
                period,
                start,
                sex,
                previous,
                f"undo of batch {batch_id}",
                top + 1,
                obs_id,
                user.username,
                undo_batch,
            ],
        )
    return len(rows)


def _undo_participation(con: duckdb.DuckDBPyConnection, batch_id: int, undo_batch: int, user: User) -> int:
    rows = con.execute("SELECT * FROM core.participation_events WHERE batch_id = ?", [batch_id]).df()
    top = con.execute("SELECT coalesce(max(event_id), 0) FROM core.participation_events").fetchone()
    next_id = int(top[0]) + 1 if top else 1
    for r in rows.itertuples():
        root = int(r.supersedes) if pd.notna(r.supersedes) else int(r.event_id)
        previous = con.execute(
            "SELECT * FROM core.participation_events "
            "WHERE coalesce(supersedes, event_id) = ? AND batch_id IS DISTINCT FROM ? "
            "AND coalesce(version, 1) < ? ORDER BY coalesce(version, 1) DESC LIMIT 1",
            [root, batch_id, int(r.version)],
        ).df()
        latest = con.execute(
            "SELECT max(coalesce(version, 1)) FROM core.participation_events WHERE coalesce(supersedes, event_id) = ?",
            [root],
        ).fetchone()
        version = int(latest[0]) + 1 if latest else 2
        source = previous.iloc[0] if not previous.empty else r
        con.execute(
            "INSERT INTO core.participation_events (event_id, member_code, held_on, kind, title, participants_women, "
            "participants_men, participants_youth, cso_count, is_demo, source, version, supersedes, recorded_at, "
            "recorded_by, batch_id, withdrawn) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_timestamp, ?, ?, ?)",
            [
                next_id,
                source.member_code,
                source.held_on,
                source.kind,
                source.title,
                int(source.participants_women),
                int(source.participants_men),
                None if pd.isna(source.participants_youth) else int(source.participants_youth),
                None if pd.isna(source.cso_count) else int(source.cso_count),
                bool(source.is_demo),
                f"undo of batch {batch_id}",
                version,
                root,
                user.username,
                undo_batch,
                previous.empty,
            ],
        )
        next_id += 1
    return len(rows)


def _undo_milestones(con: duckdb.DuckDBPyConnection, batch_id: int, undo_batch: int, user: User) -> int:
    rows = con.execute(
        "SELECT milestone_id, version FROM core.milestone_updates WHERE batch_id = ?", [batch_id]
    ).fetchall()
    for milestone, version in rows:
        previous = con.execute(
            "SELECT done_on FROM core.milestone_updates WHERE milestone_id = ? AND version < ? "
            "ORDER BY version DESC LIMIT 1",
            [milestone, version],
        ).fetchone()
        if previous is None:  # back to the milestone's original record
            previous = con.execute("SELECT done_on FROM core.milestones WHERE milestone_id = ?", [milestone]).fetchone()
        top = con.execute(
            "SELECT max(version) FROM core.milestone_updates WHERE milestone_id = ?", [milestone]
        ).fetchone()
        con.execute(
            "INSERT INTO core.milestone_updates (milestone_id, version, done_on, note, recorded_by, batch_id) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                milestone,
                int(top[0]) + 1 if top else 1,
                previous[0] if previous else None,
                f"undo of batch {batch_id}",
                user.username,
                undo_batch,
            ],
        )
    return len(rows)


def _undo_members(con: duckdb.DuckDBPyConnection, batch_id: int, undo_batch: int, user: User) -> int:
    user.require(MEMBERS)
    rows = con.execute("SELECT * FROM core.member_records WHERE batch_id = ?", [batch_id]).df()
    for r in rows.itertuples():
        top = con.execute(
            "SELECT max(version) FROM core.member_records WHERE member_code = ?", [r.member_code]
        ).fetchone()
        # Left on the day it joined: counted nowhere, and the record stays.
        con.execute(
            "INSERT INTO core.member_records (member_code, kind, joined_on, cohort, left_on, is_demo, source, version, "
            "recorded_by, batch_id) VALUES (?, ?, ?, ?, ?, FALSE, ?, ?, ?, ?)",
            [
                r.member_code,
                r.kind,
                r.joined_on,
                int(r.cohort),
                r.joined_on,
                f"undo of batch {batch_id}",
                int(top[0]) + 1 if top else 2,
                user.username,
                undo_batch,
            ],
        )
    return len(rows)


def value_history(reader: Reader, member: str, indicator: str, period: str, sex: str) -> pd.DataFrame:
    """Every version of one value, with the batch (file, SHA-256) and the person it came from."""
    return reader.df("value_history", {"member": member, "indicator": indicator, "period": period, "sex": sex})


__all__ = ["KINDS", "ImportRejected", "Preview", "commit", "commit_frame", "undo", "validate", "value_history"]
