"""The reporting cycle: each member's quarter is due, submitted, approved (and so locked) or returned.

A focal point enters a quarter's values, then submits the quarter; an evaluator (or an
administrator) approves it or returns it with a comment. A submitted quarter is locked until it is
returned, an approved one until an evaluator reopens it, giving a reason: no value of it, and no
milestone dated in it, may change meanwhile. Every step is a row of ``core.quarter_events``, kept.
A quarter is due a number of days after it ends (a network setting); after that day, one never
submitted is late (one returned or reopened since is a draft again, not late).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from mel import sql, vocabulary
from mel.auth import REVIEW, SETTINGS, SUBMIT, User, recheck
from mel.db import Reader, next_id, refresh_approved, write_connection
from mel.filters import Filters
from mel.metrics import last_complete_quarter
from mel.periods import parse_quarter, quarter_end, quarter_of, quarter_start, quarters_between, shift_quarter
from mel.problems import Refused

DEADLINE_SETTING = "report_deadline_days"
DEFAULT_DEADLINE_DAYS = 30
DEADLINE_DAYS_RANGE = (1, 180)
QUARTERS_IN_CALENDAR = 4  # the complete quarters a member's calendar shows, with the current one
MAX_COMMENT_CHARS = 4000
# The order of the network table: the late first (longest late first), then what needs a step.
STATUS_ORDER = {"late": 0, "submitted": 1, "draft": 2, "not_started": 3, "approved": 4}
# What each step needs the quarter to be at (its latest step; None: no step yet).
ALLOWED_FROM: dict[str, tuple[str | None, ...]] = {
    "submit": (None, "return", "reopen"),
    "return": ("submit",),
    "approve": ("submit",),
    "reopen": ("approve",),
}


class CycleRefused(Refused):
    """A step the quarter cannot take: ``key`` is the catalog message, ``fields`` its values."""

    def __init__(self, key: str, **fields: Any) -> None:
        super().__init__(f"{key} {fields}", key, **fields)


@dataclass(frozen=True)
class NextDeadline:
    """A member's next quarter to report: its deadline, status, and what it still lacks."""

    period: str
    deadline: date
    status: str
    days_left: int  # negative when late
    missing_values: pd.DataFrame = field(repr=False)
    unexplained: pd.DataFrame = field(repr=False)


def deadline_days(reader: Reader) -> int:
    """The days after a quarter's end by which it is due (the network setting, else the default)."""
    value = reader.scalar("reporting/setting", {"name": DEADLINE_SETTING})
    return int(value) if value is not None else DEFAULT_DEADLINE_DAYS


def deadline(period: str, days: int) -> date:
    """The day by which ``period`` is due, ``days`` after it ends."""
    return quarter_end(period) + timedelta(days=days)


def deadlines(reader: Reader, periods: list[str]) -> dict[str, date]:
    """Each quarter's deadline under the setting in force for it: the latest one set before the
    deadline it gives had passed. A change applies to the quarters not yet due then; a quarter
    already due keeps its deadline (its lateness is not rewritten)."""
    settings = reader.df("reporting/setting_history", {"name": DEADLINE_SETTING})
    history = [(pd.Timestamp(at).date(), int(value)) for at, value in settings.itertuples(index=False)]
    found = {}
    for period in periods:
        days = DEFAULT_DEADLINE_DAYS
        for set_on, value in history:
            if set_on <= deadline(period, value):
                days = value
        found[period] = deadline(period, days)
    return found


def set_deadline_days(user: User, days: int, master: Path | None = None) -> None:
    """Set the reporting deadline (administrators only); the earlier setting stays in the history."""
    user.require(SETTINGS)
    low, high = DEADLINE_DAYS_RANGE
    if not low <= days <= high:
        raise CycleRefused("reporting.refused.deadline_range", low=low, n=high)
    with write_connection(master) as con:
        user = recheck(con, user)
        user.require(SETTINGS)
        params = {"name": DEADLINE_SETTING, "value": str(days), "at": datetime.now(), "by": user.username}
        con.execute(sql.load("reporting/cycle_write:insert_setting"), params)


def statuses(
    reader: Reader, periods: list[str], today: date, filters: Filters | None = None, member: str | None = None
) -> pd.DataFrame:
    """Each member expected to report for each of ``periods``, with its status on ``today``.

    Expected: counted at the quarter's end, with a plan (past co-creation) running in it. Status is
    one of ``vocabulary.QUARTER_STATUSES``; ``days_late`` is 0 unless late.
    """
    due = deadlines(reader, periods)
    filters = filters or Filters()
    params = {
        "periods": periods,
        "starts": [quarter_start(p) for p in periods],
        "ends": [quarter_end(p) for p in periods],
        "deadlines": [due[p] for p in periods],
        "today": today,
        "member": member,
        **filters.params(),
    }
    return reader.df("reporting/statuses", params)


def network_table(reader: Reader, period: str, today: date, filters: Filters | None = None) -> pd.DataFrame:
    """Every expected member's status for ``period``: the late first (the longest late first)."""
    frame = statuses(reader, [period], today, filters)
    order = frame["status"].map(STATUS_ORDER)
    return (
        frame.assign(_order=order)
        .sort_values(["_order", "days_late", "member_code"], ascending=[True, False, True])
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def status_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many members are at each status (every status present, zero or not)."""
    counts = table["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in vocabulary.QUARTER_STATUSES}


def calendar_periods(today: date) -> list[str]:
    """The quarters a member's calendar shows: the last complete ones, newest first, and the current one."""
    last = last_complete_quarter(today)
    first = shift_quarter(last, -(QUARTERS_IN_CALENDAR - 1))
    return [quarter_of(today), *reversed(quarters_between(first, last))]


def member_calendar(reader: Reader, member: str, today: date) -> pd.DataFrame:
    """One member's quarters, newest first: the current one, the last complete ones, and any older
    one given back to it (returned or reopened), each with its deadline and status."""
    given_back = [str(p) for p in reader.df("reporting/open_quarters", {"member": member})["period"]]
    periods = sorted(set(calendar_periods(today)) | set(given_back), reverse=True)
    return statuses(reader, periods, today, member=member)


def next_deadline(reader: Reader, member: str, today: date) -> NextDeadline | None:
    """The member's oldest complete quarter neither submitted nor approved, else the current one.

    None when the member is expected to report for none of them (no plan running).
    """
    calendar = member_calendar(reader, member, today)
    if calendar.empty:
        return None
    open_quarters = calendar[~calendar["status"].isin(["submitted", "approved"])]
    complete = open_quarters[open_quarters["period"] != quarter_of(today)]
    chosen = (complete if not complete.empty else open_quarters).sort_values("period")
    if chosen.empty:
        return None
    row = chosen.iloc[0]
    due = pd.Timestamp(row["deadline"]).date()
    period = str(row["period"])
    return NextDeadline(
        period=period,
        deadline=due,
        status=str(row["status"]),
        days_left=(due - today).days,
        missing_values=missing_values(reader, member, period),
        unexplained=unexplained(reader, member, period),
    )


def missing_values(reader: Reader, member: str, period: str) -> pd.DataFrame:
    """The framework's indicators (by sex where split) with no value of the member for ``period``."""
    return reader.df("reporting/missing_values", {"member": member, "period": period})


def _unexplained_params(member: str, period: str) -> dict[str, Any]:
    return {"member": member, "period": period, "quarter_end": quarter_end(period), "amber": vocabulary.AMBER_THRESHOLD}


def unexplained(reader: Reader, member: str, period: str) -> pd.DataFrame:
    """What a submission of ``period`` must explain first: values off track and late milestones
    without a comment (columns subject, subject_key, name_en/fr/ar, due_on)."""
    return reader.df("reporting/unexplained_values", _unexplained_params(member, period))


def steps(reader: Reader, member: str, period: str) -> pd.DataFrame:
    """Every step of the member's quarter, oldest first, with who and when."""
    return reader.df("reporting/steps", {"member": member, "period": period})


def _take_step(
    user: User, member: str, period: str, action: str, comment: str | None, today: date, master: Path | None
) -> int:
    parse_quarter(period)  # a malformed period is a programming error, not a user's
    needed = SUBMIT if action == "submit" else REVIEW
    user.require(needed, member)
    text = (comment or "").strip()
    if action in ("return", "reopen") and not text:
        raise CycleRefused(f"reporting.refused.{action}_needs_reason")
    if len(text) > MAX_COMMENT_CHARS:
        raise CycleRefused("reporting.refused.comment_too_long", n=MAX_COMMENT_CHARS)
    if action == "submit" and quarter_end(period) >= today:
        raise CycleRefused("reporting.refused.not_over", period=period)
    with write_connection(master) as con:
        user = recheck(con, user)
        user.require(needed, member)
        _check_step(con, member, period, action)
        event_id = next_id(con, "reporting/cycle_write:next_event_id")
        con.execute(
            sql.load("reporting/cycle_write:insert_step"),
            {"id": event_id, "member": member, "period": period, "action": action, "comment": text or None,
             "at": datetime.now(), "by": user.username},
        )  # fmt: skip
        if action in ("approve", "reopen"):
            refresh_approved(con, [member])
    return event_id


def _check_step(con: duckdb.DuckDBPyConnection, member: str, period: str, action: str) -> None:
    """Refuse a step the quarter is not at, read inside the write (two evaluators at once)."""
    row = con.execute(sql.load("reporting/cycle_write:last_step"), {"member": member, "period": period}).fetchone()
    last = row[0] if row else None
    if last not in ALLOWED_FROM[action]:
        raise CycleRefused(f"reporting.refused.{action}_from", status=status_of_step(last))
    if action == "submit":
        needed = con.execute(sql.load("reporting/unexplained_values"), _unexplained_params(member, period)).df()
        if not needed.empty:
            raise CycleRefused("reporting.refused.unexplained", n=len(needed))
        entered = con.execute(
            sql.load("reporting/cycle_write:values_entered"), {"member": member, "period": period}
        ).fetchone()
        if not entered or not entered[0]:
            raise CycleRefused("reporting.refused.no_values", period=period)


def status_of_step(last_action: str | None) -> str:
    """The status a quarter is at after its latest step (before lateness is considered)."""
    return {"submit": "submitted", "approve": "approved"}.get(last_action or "", "draft")


def submit(user: User, member: str, period: str, today: date, master: Path | None = None) -> int:
    """Submit the member's quarter for review (its focal point; an administrator may too)."""
    return _take_step(user, member, period, "submit", None, today, master)


def approve(user: User, member: str, period: str, today: date, master: Path | None = None) -> int:
    """Approve a submitted quarter: its figures are then shown as approved, and locked."""
    return _take_step(user, member, period, "approve", None, today, master)


def send_back(user: User, member: str, period: str, comment: str, today: date, master: Path | None = None) -> int:
    """Return a submitted quarter to its focal point, with a comment saying what to correct."""
    return _take_step(user, member, period, "return", comment, today, master)


def reopen(user: User, member: str, period: str, reason: str, today: date, master: Path | None = None) -> int:
    """Reopen an approved quarter for a correction, giving the reason."""
    return _take_step(user, member, period, "reopen", reason, today, master)


def locked_quarters(con: duckdb.DuckDBPyConnection, members: list[str]) -> dict[tuple[str, str], str]:
    """The locked quarters of ``members``: (member, period) -> "submitted" (under review) or "approved"."""
    if not members:
        return {}
    rows = con.execute(sql.load("reporting/cycle_write:locked"), {"members": members}).fetchall()
    return {(str(m), str(p)): str(status) for m, p, status in rows}


def late_reporters(reader: Reader, period: str, today: date, filters: Filters | None = None) -> pd.DataFrame:
    """The members late with ``period`` on ``today`` (among ``filters``), the longest late first,
    with their focal point."""
    table = network_table(reader, period, today, filters)
    late = table[table["status"] == "late"]
    contacts = reader.df("reporting/late_contacts", {"members": list(late["member_code"])})
    columns = [
        "member_code", "name_fr", "name_ar", "kind", "region_name_fr", "region_name_ar", "period", "deadline",
        "days_late", "status", "focal_point_fr", "focal_point_ar", "focal_point_email", "focal_point_phone",
    ]  # fmt: skip
    merged = late.merge(contacts, on="member_code", how="left")
    merged["deadline"] = pd.to_datetime(merged["deadline"]).dt.date
    merged["days_late"] = merged["days_late"].astype(int)
    return merged[columns].reset_index(drop=True)
