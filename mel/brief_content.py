"""What the meeting brief says, assembled once for the PDF (``mel.brief``) and the deck (``mel.deck``).

Every figure comes from ``mel.meeting`` (one definition of each), the latest comments from
``mel.explanations``; this module only puts the stories in order and writes their cells as text
in the language: numbers and dates with the ``mel.i18n`` helpers, an empty cell for a missing
value. Tables keep their columns in reading order (the identifying column first); a right-to-left
renderer lays them from the right.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from mel import asof, chart_images, explanations, i18n, meeting, plan
from mel.db import Reader
from mel.i18n import t
from mel.metrics import AMBER_THRESHOLD, ON_TRACK_THRESHOLD

log = logging.getLogger(__name__)

BRIEF_LANGUAGES = ("ar", "fr", "en")
CHART_WIDTH = 1000  # CSS pixels; drawn at twice that
LATEST_COMMENTS = 8  # the member's latest comments in the brief, each cut at COMMENT_WIDTH characters
COMMENT_WIDTH = 280


@dataclass(frozen=True)
class Table:
    """One story as a table of text cells, with the text to show when it has no rows."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[str]]
    weights: list[float]  # relative column widths
    numeric: list[bool]  # columns of numbers and dates (centred)
    empty: str


@dataclass(frozen=True)
class Chart:
    """A chart drawn as a PNG image, with its size in CSS pixels."""

    key: str
    png: bytes
    width: int
    height: int


@dataclass
class Brief:
    """The whole brief in one language, ready for a renderer."""

    lang: str
    rtl: bool
    name: str
    title: str
    subtitle: str
    demo: str | None
    facts: list[tuple[str, str]]
    tables: list[Table]
    charts: list[Chart] = field(default_factory=list)
    charts_note: str | None = None
    footer: str = ""


def assemble(reader: Reader, member: str, lang: str, since: date | None, today: date, charts: bool = True) -> Brief:
    """The brief of one member as of ``today``; "done since" starts at ``since`` (default: the last meeting).

    After a recorded meeting, the headline's figures and the indicators' values are also given as
    they stood at the end of the meeting's day (``mel.asof``).
    """
    if lang not in BRIEF_LANGUAGES:
        raise ValueError(f"language must be one of {BRIEF_LANGUAGES}")
    head = meeting.headline(reader, member, today)
    if head is None:
        raise KeyError(member)
    since = since or meeting.since_default(reader, member, today)
    name = head[i18n.name_column(lang)]
    last = head["last_meeting"]
    # The figures as they stood at the last meeting: the same functions on the database rewound to that day.
    then_reader = asof.rewound(reader, last) if last is not None and head["plan_id"] is not None else None
    try:
        tables = _tables(reader, member, lang, since, today, None if then_reader is None else (then_reader, last))
    finally:
        if then_reader is not None:
            then_reader.close()
    brief = Brief(
        lang=lang,
        rtl=i18n.is_rtl(lang),
        name=name,
        title=t(lang, "brief.title", name=name),
        subtitle=t(
            lang,
            "brief.subtitle",
            code=member,
            kind=t(lang, f"kind.{head['kind']}"),
            since=i18n.day(lang, since),
            today=i18n.day(lang, today),
        ),
        demo=_demo_line(reader, head, lang, today),
        facts=_facts(head, lang),
        tables=tables,
        footer=t(
            lang,
            "brief.footer",
            on_track=i18n.percent(lang, ON_TRACK_THRESHOLD),
            amber=i18n.percent(lang, AMBER_THRESHOLD),
        ),
    )
    if charts and head["plan_id"] is not None:
        try:
            brief.charts = _charts(reader, member, int(head["plan_id"]), lang, today)
        except chart_images.ChartsUnavailable as exc:
            log.warning("brief of %s without charts: %s", member, exc)
            brief.charts_note = t(lang, "brief.charts_unavailable")
    return brief


def _facts(head: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    if head["plan_id"] is None:
        return [(t(lang, "plan.status"), t(lang, "plan_status.none"))]
    focal = head[i18n.name_column(lang, "focal_point")]
    last = head["last_meeting"]
    return [
        (t(lang, "plan.cycle"), i18n.number(lang, int(head["cycle"]))),
        (t(lang, "plan.status"), t(lang, f"plan_status.{head['status']}")),
        (t(lang, "plan.progress"), i18n.percent(lang, head["progress"])),
        (t(lang, "brief.implementation"), f"{i18n.day(lang, head['start_on'])} – {i18n.day(lang, head['end_on'])}"),
        (t(lang, "col.focal_point"), focal or t(lang, "plan.focal_point_none")),
        (t(lang, "col.last_meeting"), i18n.day(lang, last) if last else t(lang, "brief.no_meeting")),
    ]


def _demo_line(reader: Reader, head: dict[str, Any], lang: str, today: date) -> str | None:
    """Which figures are illustrative: the member, the programme, the indicator values."""
    values = plan.indicator_tracking(reader, head["member_code"], today)["is_demo"]
    parts = [
        part
        for part, is_demo in (
            ("member", head["member_is_demo"]),
            ("plan", head["plan_is_demo"]),
            ("values", bool(values.fillna(False).astype(bool).any())),
        )
        if is_demo
    ]
    if not parts:
        return None
    sep = "، " if lang == "ar" else ", "
    line = t(lang, "brief.demo_line", what=sep.join(t(lang, f"brief.demo.{p}") for p in parts))
    if head["plan_is_demo"] and head.get("has_real_axes"):
        line += " " + t(lang, "plan.demo_notice_real_axes")
    return line


def _tables(
    reader: Reader, member: str, lang: str, since: date, today: date, then: tuple[Reader, date] | None
) -> list[Table]:
    """The stories as tables; with ``then`` (the database as it stood at the last meeting, and its
    day), the headline's figures then and now first, and the indicators' values then."""
    done = meeting.done_since_tables(reader, member, lang, today, since)
    stories = [
        ("late", "brief.section.late", meeting.late_table(reader, member, lang, today)),
        ("due_next", "brief.section.due_next", meeting.due_next_table(reader, member, lang, today)),
        ("milestone_done", "brief.section.milestone_done", done["milestone_done"]),
        ("value_reported", "brief.section.value_reported", done["value_reported"]),
        ("off_track", "brief.section.off_track", meeting.off_track_table(reader, member, lang, today, then)),
        ("projects", "brief.section.projects", meeting.projects_table(reader, member, lang, today)),
        ("indicators", "brief.section.indicators", meeting.indicators_table(reader, member, lang, today, then)),
    ]
    since_text = i18n.day(lang, since)
    tables = [
        _table(key, t(lang, title, n=len(frame), since=since_text), frame, lang, _empty(key, lang))
        for key, title, frame in stories
    ]
    comments = explanations.comments_table(reader, member, lang, LATEST_COMMENTS, COMMENT_WIDTH)
    if len(comments):  # the brief says nothing of explanations where there are none
        title = t(lang, "brief.section.explanations", n=len(comments))
        tables.append(_table("explanations", title, comments, lang, t(lang, "brief.none")))
    if then is not None:
        frame = meeting.then_and_now_table(reader, member, lang, today, then)
        title = t(lang, "brief.section.then_now", day=i18n.day(lang, then[1]))
        tables.insert(0, _table("then_now", title, frame, lang, _empty("then_now", lang)))
    return tables


def _empty(key: str, lang: str) -> str:
    return t(lang, "brief.none_off_track") if key == "off_track" else t(lang, "brief.none")


def _table(key: str, title: str, frame: pd.DataFrame, lang: str, empty: str) -> Table:
    cells = [[cell_text(v, lang) for v in row] for row in frame.itertuples(index=False)]
    numeric = [bool(len(frame)) and all(_is_figure(v) for v in frame[c]) for c in frame.columns]
    weights = [_weight(str(column), [row[i] for row in cells], numeric[i]) for i, column in enumerate(frame.columns)]
    return Table(key, title, [str(c) for c in frame.columns], cells, weights, numeric, empty)


def _is_figure(value: Any) -> bool:
    return value is None or isinstance(value, (int, float, date))


def _weight(header: str, cells: list[str], numeric: bool) -> float:
    """A column's relative width: no word (no number, no date) cut in two; long texts up to a cap."""
    words = cells if numeric else [w for c in cells for w in c.split()]
    unbroken = max([len(w) * 1.5 for w in header.split()] + [len(w) * 1.4 for w in words])  # headers are bold
    longest = min(max((len(c) for c in cells), default=0), 13 if numeric else 32)
    return max(unbroken, longest, 5.0) + 2.0


def cell_text(value: Any, lang: str) -> str:
    """A table cell as text in the language: dates and numbers formatted, empty when missing."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, date):
        return i18n.day(lang, value)
    if isinstance(value, bool):
        return t(lang, "yes" if value else "no")
    if isinstance(value, int):
        return i18n.number(lang, value)
    if isinstance(value, float):
        return i18n.decimal(lang, value)
    return str(value)


def chart_figures(
    reader: Reader, member: str, plan_id: int, lang: str, today: date
) -> list[tuple[str, go.Figure, chart_images.Size]]:
    """The brief's charts as figures with the size they are drawn at: the timeline, and progress
    towards target against the network."""
    figures = [
        ("timeline", plan.gantt_figure(reader, plan_id, lang, today)),
        ("comparison", plan.comparison_figure(reader, member, lang, today)),
    ]
    return [(key, fig, chart_images.Size(CHART_WIDTH, int(fig.layout.height or 420))) for key, fig in figures]


def _charts(reader: Reader, member: str, plan_id: int, lang: str, today: date) -> list[Chart]:
    figures = chart_figures(reader, member, plan_id, lang, today)
    images = chart_images.png_images([fig for _, fig, _ in figures], [size for _, _, size in figures])
    return [Chart(key, png, size.width, size.height) for (key, _, size), png in zip(figures, images, strict=True)]
