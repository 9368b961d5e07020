"""The stories of a plan review meeting for one member, defined once for the page, the PDF and the deck.

In this order: the headline (progress, status, cycle, dates), what is late and by how many days,
what is due next, what was done since the last meeting, the indicators off track, the projects;
the timeline is ``plan.gantt_figure``. Each story has a raw function (stable English column
names) and a ``*_table`` function whose headers and words are in the user's language, the
identifying column first, dates as ``datetime.date``, durations as whole days, and None where a
cell is empty. The day of each member's last meeting is stored (``record_meeting``).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from mel import i18n, plan, sql
from mel.auth import MEMBER_DATA, User, recheck
from mel.db import Reader, next_id, write_connection
from mel.i18n import t
from mel.reference import NETWORK_CREATED

# Without a recorded meeting, "done since" starts this many days before today (the page's default).
DEFAULT_SINCE_DAYS = 90
OFF_TRACK = ("red", "amber")
DONE_KINDS = ("milestone_done", "value_reported")


class MeetingRefused(ValueError):
    """A meeting that cannot be recorded; ``key`` and ``fields`` say why in the catalog's words."""

    def __init__(self, message: str, key: str, **fields: Any) -> None:
        super().__init__(message)
        self.key = key
        self.fields = fields


# ---- the meetings themselves ----------------------------------------------------------------------


def last_meeting(reader: Reader, member: str, before: date | None = None) -> date | None:
    """The day of the member's latest recorded meeting (strictly before ``before`` when given), or None."""
    return _day(reader.scalar("meetings/last_meeting", {"member": member, "before": before}))


def meetings(reader: Reader, member: str) -> pd.DataFrame:
    """Every meeting recorded for the member, latest first (meeting_id, met_on, note, recorded_at, recorded_by)."""
    frame = reader.df("meetings/meetings", {"member": member})
    frame["met_on"] = [_day(d) for d in frame["met_on"]]
    return frame


def since_default(reader: Reader, member: str, today: date) -> date:
    """Where "done since" starts: the member's last meeting before ``today``, else 90 days before it."""
    return last_meeting(reader, member, before=today) or today - timedelta(days=DEFAULT_SINCE_DAYS)


def record_meeting(
    user: User,
    member: str,
    met_on: date,
    note: str | None = None,
    master: Path | None = None,
    today: date | None = None,
) -> int:
    """Record that the member's plan was reviewed at a meeting on ``met_on``; return the meeting's id.

    Who may: whoever may record the member's values (its focal point, an administrator). The
    day may not be in the future nor before the network existed; a day already recorded is
    refused. Nothing is updated or deleted: each meeting is a new row.
    """
    today = today or date.today()
    user.require(MEMBER_DATA, member)
    if met_on > today:
        raise MeetingRefused(f"{met_on} is in the future", "meeting.error.future", day=met_on.isoformat())
    if met_on < NETWORK_CREATED:
        raise MeetingRefused(f"{met_on} is before the network", "meeting.error.before_network", day=met_on.isoformat())
    with write_connection(master) as con:
        user = recheck(con, user)  # the account as it is now
        user.require(MEMBER_DATA, member)
        if not con.execute(sql.load("accounts/users_write:member_exists"), {"member": member}).fetchone():
            raise MeetingRefused(f"{member} is not a member", "meeting.error.unknown_member", code=member)
        if con.execute(
            sql.load("meetings/meetings_write:already_recorded"), {"member": member, "met_on": met_on}
        ).fetchone():
            raise MeetingRefused(f"a meeting on {met_on} is recorded", "meeting.error.recorded", day=met_on.isoformat())
        meeting_id = next_id(con, "meetings/meetings_write:next_meeting_id")
        con.execute(
            sql.load("meetings/meetings_write:insert_meeting"),
            {"id": meeting_id, "member": member, "met_on": met_on, "note": note or None, "recorded_by": user.username},
        )
    return meeting_id


# ---- 1. headline ----------------------------------------------------------------------------------


def headline(reader: Reader, member: str, today: date) -> dict[str, Any] | None:
    """``plan.plan_header`` (dates as ``date``) with the last meeting before ``today`` and counts:
    late items (``late``: milestones and projects, the rows of ``late``; ``late_milestones``,
    ``late_projects``), milestones due next (``due_next``), indicators off track or at risk
    (``off_track``); None for an unknown member."""
    header = plan.plan_header(reader, member)
    if header is None:
        return None
    out = {k: (_day(v) if isinstance(v, (pd.Timestamp, date)) else v) for k, v in header.items()}
    out["last_meeting"] = last_meeting(reader, member, before=today)
    kinds = late(reader, member, today)["kind"]
    out["late"] = len(kinds)
    out["late_milestones"] = int((kinds == "milestone").sum())
    out["late_projects"] = int((kinds == "project").sum())
    out["due_next"] = len(due_next(reader, member, today))
    out["off_track"] = len(off_track(reader, member, today))
    return out


def headline_table(reader: Reader, member: str, lang: str, today: date) -> pd.DataFrame:
    """The headline as one row: member, cycle, status, progress (%), start, end, focal point, last meeting."""
    head = headline(reader, member, today)
    if head is None:
        raise KeyError(member)
    has_plan = head["plan_id"] is not None
    return pd.DataFrame(
        {
            t(lang, "col.member"): [head[i18n.name_column(lang)]],
            t(lang, "plan.cycle"): [int(head["cycle"]) if has_plan else None],
            t(lang, "plan.status"): [t(lang, f"plan_status.{head['status'] if has_plan else 'none'}")],
            t(lang, "col.progress"): [_whole(head["progress"], 100)],
            t(lang, "col.start"): [head["start_on"]],
            t(lang, "col.end"): [head["end_on"]],
            t(lang, "col.focal_point"): [head[i18n.name_column(lang, "focal_point")]],
            t(lang, "col.last_meeting"): [head["last_meeting"]],
        },
        dtype=object,
    )


# ---- 2. late --------------------------------------------------------------------------------------


def late(reader: Reader, member: str, today: date) -> pd.DataFrame:
    """Milestones past their due day and not done, and projects past their end and not finished.

    Columns: kind (``milestone`` / ``project``), milestone_id (None for a project), project_id,
    title_ar/fr/en, project_ar/fr/en (the milestone's project; None for a project), due_on,
    days_late; the latest first (most days late), then by title.
    """
    milestones = _milestones(reader, member, today)
    part = milestones[milestones["state"] == "late"]
    rows = [
        {"kind": "milestone", "milestone_id": int(r.milestone_id), "project_id": int(r.project_id),
         "title_ar": r.title_ar, "title_fr": r.title_fr, "title_en": r.title_en,
         "project_ar": r.project_ar, "project_fr": r.project_fr, "project_en": r.project_en,
         "due_on": r.due_on, "days_late": (today - r.due_on).days}
        for r in part.itertuples()
    ]  # fmt: skip
    header = plan.plan_header(reader, member)
    if header is not None and header["plan_id"] is not None:
        for r in plan.projects(reader, int(header["plan_id"]), today).itertuples():
            end = _day(r.end_on)
            if end is None or end >= today or r.status in ("completed", "suspended"):
                continue
            rows.append(
                {"kind": "project", "milestone_id": None, "project_id": int(r.project_id),
                 "title_ar": r.title_ar, "title_fr": r.title_fr, "title_en": r.title_en,
                 "project_ar": None, "project_fr": None, "project_en": None,
                 "due_on": end, "days_late": (today - end).days}
            )  # fmt: skip
    frame = pd.DataFrame(rows, columns=_LATE_COLUMNS)
    frame = frame.sort_values(["days_late", "title_en"], ascending=[False, True], kind="stable").reset_index(drop=True)
    frame["milestone_id"] = pd.Series([None if pd.isna(m) else int(m) for m in frame["milestone_id"]], dtype=object)
    return frame


_LATE_COLUMNS = [
    "kind", "milestone_id", "project_id", "title_ar", "title_fr", "title_en",
    "project_ar", "project_fr", "project_en", "due_on", "days_late",
]  # fmt: skip


def late_table(reader: Reader, member: str, lang: str, today: date) -> pd.DataFrame:
    """Late milestones and projects: what, kind, project, due, days late (most late first)."""
    frame = late(reader, member, today)
    return pd.DataFrame(
        {
            t(lang, "col.late_item"): list(frame[f"title_{lang}"]),
            t(lang, "col.kind"): [t(lang, f"meeting.item.{k}") for k in frame["kind"]],
            t(lang, "col.project"): [_text(p) for p in frame[f"project_{lang}"]],
            t(lang, "col.due"): list(frame["due_on"]),
            t(lang, "col.days_late"): [int(d) for d in frame["days_late"]],
        },
        dtype=object,
    )


# ---- 3. due next ----------------------------------------------------------------------------------


def due_next(reader: Reader, member: str, today: date) -> pd.DataFrame:
    """Milestones not done and due in the next 90 days, soonest first.

    Columns: milestone_id, project_id, title_ar/fr/en, project_ar/fr/en, due_on, days_left.
    """
    milestones = _milestones(reader, member, today)
    part = milestones[milestones["state"] == "upcoming"].sort_values(["due_on", "project_id", "position"])
    part = part.assign(days_left=[(d - today).days for d in part["due_on"]])
    columns = ["milestone_id", "project_id", "title_ar", "title_fr", "title_en"]
    return part[[*columns, "project_ar", "project_fr", "project_en", "due_on", "days_left"]].reset_index(drop=True)


def due_next_table(reader: Reader, member: str, lang: str, today: date) -> pd.DataFrame:
    """Milestones due next: milestone, project, due, days left (soonest first)."""
    frame = due_next(reader, member, today)
    return pd.DataFrame(
        {
            t(lang, "col.milestone"): list(frame[f"title_{lang}"]),
            t(lang, "col.project"): list(frame[f"project_{lang}"]),
            t(lang, "col.due"): list(frame["due_on"]),
            t(lang, "col.days_left"): [int(d) for d in frame["days_left"]],
        },
        dtype=object,
    )


# ---- 4. done since --------------------------------------------------------------------------------


def done_since(reader: Reader, member: str, today: date, since: date | None = None) -> pd.DataFrame:
    """Milestones done and values reported after ``since`` (default: ``since_default``) up to ``today``.

    Columns (from ``plan.changes``): change (``milestone_done`` / ``value_reported``), on_date
    (the day done or reported), title_ar/fr/en, project_ar/fr/en, due_on, value, period,
    indicator_code, unit; by kind, then day.
    """
    since = since or since_default(reader, member, today)
    frame = plan.changes(reader, member, since, today)
    frame = frame[frame["change"].isin(DONE_KINDS)].reset_index(drop=True)
    frame["on_date"] = [_day(d) for d in frame["on_date"]]
    frame["due_on"] = [_day(d) for d in frame["due_on"]]
    return frame


def done_since_tables(
    reader: Reader, member: str, lang: str, today: date, since: date | None = None
) -> dict[str, pd.DataFrame]:
    """``milestone_done``: milestone, project, done on, days late (None when on time);
    ``value_reported``: indicator, period, value, unit, reported on."""
    frame = done_since(reader, member, today, since)
    done = frame[frame["change"] == "milestone_done"]
    values = frame[frame["change"] == "value_reported"]
    late_by = [(d - due).days if d > due else None for d, due in zip(done["on_date"], done["due_on"], strict=True)]
    return {
        "milestone_done": pd.DataFrame(
            {
                t(lang, "col.milestone"): list(done[f"title_{lang}"]),
                t(lang, "col.project"): list(done[f"project_{lang}"]),
                t(lang, "col.done_on"): list(done["on_date"]),
                t(lang, "col.days_late"): late_by,
            },
            dtype=object,
        ),
        "value_reported": pd.DataFrame(
            {
                t(lang, "col.indicator"): list(values[f"title_{lang}"]),
                t(lang, "col.period"): [i18n.quarter(lang, p) for p in values["period"]],
                t(lang, "col.value"): [_number(v) for v in values["value"]],
                t(lang, "col.unit"): [t(lang, f"unit.{u}") for u in values["unit"]],
                t(lang, "col.reported_on"): list(values["on_date"]),
            },
            dtype=object,
        ),
    }


# ---- 5. indicators --------------------------------------------------------------------------------


def indicators(reader: Reader, member: str, today: date) -> pd.DataFrame:
    """``plan.indicator_tracking`` with each indicator's value in the period before its latest:
    previous_value, previous_period (None when there is none)."""
    frame = plan.indicator_tracking(reader, member, today)
    previous = reader.df("meetings/previous_values", {"member": member, "today": today})
    frame = frame.merge(previous, how="left", left_on="code", right_on="indicator_code").drop(columns="indicator_code")
    frame["previous_period"] = [p if isinstance(p, str) else None for p in frame["previous_period"]]
    return frame


def off_track(reader: Reader, member: str, today: date) -> pd.DataFrame:
    """The indicators off track (red) then at risk (amber), furthest from target first
    (the columns of ``indicators``)."""
    frame = indicators(reader, member, today)
    frame = frame[frame["rag"].isin(OFF_TRACK)]
    order = frame["rag"].map({"red": 0, "amber": 1})
    return frame.assign(_order=order).sort_values(["_order", "achievement", "code"]).drop(columns="_order")


def indicators_table(
    reader: Reader, member: str, lang: str, today: date, then: tuple[Reader, date] | None = None
) -> pd.DataFrame:
    """Every indicator: name, status, latest value, unit, target, previous value, period, % achieved;
    with ``then`` (a reader rewound to a day, and the day, ``then_and_now``), the latest value as it
    stood then after the latest value now."""
    return _indicator_rows(indicators(reader, member, today), lang, _values_then(member, then))


def off_track_table(
    reader: Reader, member: str, lang: str, today: date, then: tuple[Reader, date] | None = None
) -> pd.DataFrame:
    """The indicators off track or at risk, with the columns of ``indicators_table``."""
    return _indicator_rows(off_track(reader, member, today), lang, _values_then(member, then))


def _values_then(member: str, then: tuple[Reader, date] | None) -> dict[str, float | None] | None:
    """Each indicator's latest value as it stood on the day of ``then`` (None without ``then``)."""
    if then is None:
        return None
    frame = indicators(then[0], member, then[1])
    return {str(code): _number(v) for code, v in zip(frame["code"], frame["latest_value"], strict=True)}


def _indicator_rows(frame: pd.DataFrame, lang: str, values_then: dict[str, float | None] | None) -> pd.DataFrame:
    columns: dict[str, list[Any]] = {
        t(lang, "col.indicator"): list(frame[f"name_{lang}"]),
        t(lang, "col.rag"): [t(lang, f"rag.{r}") for r in frame["rag"]],
        t(lang, "col.latest"): [_number(v) for v in frame["latest_value"]],
    }
    if values_then is not None:
        columns[t(lang, "col.at_last_meeting")] = [values_then.get(str(code)) for code in frame["code"]]
    columns.update(
        {
            t(lang, "col.unit"): [t(lang, f"unit.{u}") for u in frame["unit"]],
            t(lang, "col.target"): [_number(v) for v in frame["target_value"]],
            t(lang, "col.previous"): [_number(v) for v in frame["previous_value"]],
            t(lang, "col.period"): [_quarter(lang, p) for p in frame["latest_period"]],
            t(lang, "col.achieved"): [_whole(a, 100) for a in frame["achievement"]],
        }
    )
    return pd.DataFrame(columns, dtype=object)


# ---- then and now ---------------------------------------------------------------------------------

# The headline's figures compared with the last meeting, in this order.
COMPARED = ("progress", "late", "due_next", "off_track")
COMPARED_LABELS = {
    "progress": "col.progress",
    "late": "meeting.late_count",
    "due_next": "meeting.due_count",
    "off_track": "meeting.off_track_count",
}


def then_and_now(reader: Reader, member: str, today: date, then: tuple[Reader, date]) -> pd.DataFrame:
    """The headline's figures (``COMPARED``) as they stood then and as of ``today``.

    ``then`` is a reader of the database as it stood at the end of a day (``mel.asof.rewound``)
    and that day: the figures come from ``headline`` on each reader, lateness counted on each
    day. Columns: figure, then, now (progress as a share, the others counts; None where the
    member had no plan). Empty for an unknown member.
    """
    now = headline(reader, member, today)
    if now is None:
        return pd.DataFrame(columns=["figure", "then", "now"])
    before = headline(then[0], member, then[1])

    def value(head: dict[str, Any] | None, figure: str) -> Any:
        if head is None or head["plan_id"] is None:
            return None
        return _number(head[figure]) if figure == "progress" else int(head[figure])

    return pd.DataFrame(
        {
            "figure": list(COMPARED),
            "then": [value(before, f) for f in COMPARED],
            "now": [value(now, f) for f in COMPARED],
        },
        dtype=object,
    )


def then_and_now_table(reader: Reader, member: str, lang: str, today: date, then: tuple[Reader, date]) -> pd.DataFrame:
    """``then_and_now`` in the language: figure, at the last meeting, now (progress in whole percent)."""
    frame = then_and_now(reader, member, today, then)

    def shown(figure: str, v: Any) -> int | None:
        return _whole(v, 100) if figure == "progress" else v

    return pd.DataFrame(
        {
            t(lang, "col.figure"): [t(lang, COMPARED_LABELS[f]) for f in frame["figure"]],
            t(lang, "col.at_last_meeting"): [shown(f, v) for f, v in zip(frame["figure"], frame["then"], strict=True)],
            t(lang, "col.now"): [shown(f, v) for f, v in zip(frame["figure"], frame["now"], strict=True)],
        },
        dtype=object,
    )


# ---- projects -------------------------------------------------------------------------------------


def projects(reader: Reader, member: str, today: date) -> pd.DataFrame:
    """The projects of the member's latest plan (``plan.projects``); empty without a plan."""
    header = plan.plan_header(reader, member)
    if header is None or header["plan_id"] is None:
        return plan.projects(reader, -1, today)
    return plan.projects(reader, int(header["plan_id"]), today)


def projects_table(reader: Reader, member: str, lang: str, today: date) -> pd.DataFrame:
    """Projects: name, status (late ones say so), progress (%), milestones done, end."""
    frame = projects(reader, member, today)
    return pd.DataFrame(
        {
            t(lang, "col.project"): list(frame[f"title_{lang}"]),
            t(lang, "col.status"): [
                t(lang, "project_status.late" if is_late else f"project_status.{status}")
                for status, is_late in zip(frame["status"], frame["is_late"], strict=True)
            ],
            t(lang, "col.progress"): [_whole(p, 100) for p in frame["progress"]],
            t(lang, "col.milestones"): [
                t(lang, "fraction", part=int(d), whole=int(n))
                for d, n in zip(frame["milestones_done"], frame["milestones_total"], strict=True)
            ],
            t(lang, "col.end"): [_day(d) for d in frame["end_on"]],
        },
        dtype=object,
    )


# ---- shared ---------------------------------------------------------------------------------------


def _milestones(reader: Reader, member: str, today: date) -> pd.DataFrame:
    """The milestones of the member's latest plan with their state (``plan.milestone_state``)."""
    header = plan.plan_header(reader, member)
    plan_id = -1 if header is None or header["plan_id"] is None else int(header["plan_id"])
    frame = reader.df("plan/milestones", {"plan_id": plan_id})
    frame["due_on"] = [_day(d) for d in frame["due_on"]]
    frame["done_on"] = [_day(d) for d in frame["done_on"]]
    frame["state"] = [plan.milestone_state(d, x, today) for d, x in zip(frame["due_on"], frame["done_on"], strict=True)]
    return frame


def _day(value: Any) -> date | None:
    """A ``datetime.date`` from a date, timestamp or string; None when missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _whole(share: Any, scale: int = 1) -> int | None:
    return None if share is None or pd.isna(share) else round(float(share) * scale)


def _quarter(lang: str, period: Any) -> str | None:
    return i18n.quarter(lang, period) if isinstance(period, str) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
