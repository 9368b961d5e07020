"""A chart's figures as a table: its text alternative, read from the figure itself.

Read from the plotly figure rather than from the frame it was drawn from, the table always holds
exactly what the chart shows (the same rounding, the same members, the same quarters), whichever
function drew it. One row per point: what the point is (its category, member or date), its series
(a trace's legend name), its value, and the text its tooltip shows.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from mel import i18n
from mel.i18n import t

TAG = re.compile(r"<[^>]+>")
MARKS = str.maketrans("", "", "\u200e\u200f\u061c")  # direction marks: layout, not content


def plain(text: Any) -> str:
    """A label as text: plotly's HTML (``<br>``, ``<b>``) and direction marks removed."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return " ".join(html.unescape(TAG.sub(" ", str(text))).translate(MARKS).split())


def _values(trace: Any, name: str) -> list[Any]:
    values = getattr(trace, name, None)
    return [] if values is None else list(values)


def _per_point(values: Any, length: int) -> list[Any]:
    """A trace property given once or per point, as one value per point."""
    if values is None or isinstance(values, str):
        return [values] * length
    listed = list(values)
    return listed if len(listed) == length else [None] * length


def _is_share(fig: go.Figure, axis: str) -> bool:
    """Whether the chart's ``axis`` (``x`` or ``y``) shows shares (ticks as percentages)."""
    layout_axis = fig.layout.xaxis if axis == "x" else fig.layout.yaxis
    return "%" in str(layout_axis.tickformat or "")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


def _heatmap_rows(trace: Any, lang: str) -> list[dict[str, Any]]:
    """A heat map's cells, row by row; blank cells (nothing to show) left out."""
    share = "%" in str(trace.colorbar.tickformat or "")
    rows = []
    for row_label, row in zip(_values(trace, "y"), _values(trace, "z"), strict=False):
        for column_label, value in zip(_values(trace, "x"), row, strict=False):
            if _missing(value):
                continue
            shown = i18n.percent(lang, float(value)) if share else value
            rows.append({"series": plain(column_label), "label": plain(row_label), "value": shown, "detail": ""})
    return rows


def _trace_rows(fig: go.Figure, trace: Any, lang: str) -> list[dict[str, Any]]:
    """The points of one bar, line, marker or box trace."""
    axes_shown = fig.layout.xaxis.visible is not False or fig.layout.yaxis.visible is not False
    # bars laid along x, or points whose categories (names) are on the y axis
    named_y = any(isinstance(v, str) for v in _values(trace, "y"))
    horizontal = getattr(trace, "orientation", None) == "h" or (named_y and trace.type == "scatter")
    labels, values = (
        (_values(trace, "y"), _values(trace, "x")) if horizontal else (_values(trace, "x"), _values(trace, "y"))
    )
    if not axes_shown:  # a map on hidden axes: each point is its tooltip's first line, its label's figure
        tips = [str(tip or "").split("<br>", 1) for tip in _values(trace, "hovertext")]
        if not tips:
            return []
        texts = _per_point(trace.text, len(tips))
        return [
            {
                "label": plain(tip[0]),
                "series": "",
                "value": plain(text),
                "detail": plain(tip[1]) if len(tip) > 1 else "",
            }
            for tip, text in zip(tips, texts, strict=True)
        ]
    if not labels and values:  # a box of values with no category: one row per value
        labels = [""] * len(values)
    length = len(labels)
    details = _per_point(getattr(trace, "hovertext", None), length)
    if all(d is None for d in details):
        details = _per_point(getattr(trace, "text", None), length)
    bases = _per_point(getattr(trace, "base", None), length)
    share = _is_share(fig, "x" if horizontal else "y")
    rows = []
    for position, label in enumerate(labels):
        value = values[position] if position < len(values) else None
        if _missing(value) and not details[position]:
            continue
        base = bases[position]
        if base is not None and isinstance(value, (int, float)) and not _missing(value):  # a bar from its base
            value = _span(lang, base, float(value), share)
        elif share and isinstance(value, (int, float)) and not _missing(value):
            value = i18n.percent(lang, float(value))
        detail = plain(details[position])
        shown_label = plain(label) if isinstance(label, str) else label
        rows.append({"series": plain(trace.name), "label": shown_label,
                     "value": value, "detail": "" if detail in (shown_label, plain(value)) else detail})  # fmt: skip
    return rows


def _span(lang: str, base: Any, length: float, share: bool) -> str:
    """A bar drawn from ``base`` over ``length``: from a date (a Gantt bar, its length in
    milliseconds) or from a number, as "start – end"."""
    if isinstance(base, (int, float)):
        start, end = float(base), float(base) + length
        if share:
            return f"{i18n.percent(lang, start)} – {i18n.percent(lang, end)}"
        return f"{i18n.decimal(lang, start)} – {i18n.decimal(lang, end)}"
    first = pd.Timestamp(base)
    last = first + pd.Timedelta(milliseconds=length)
    return f"{i18n.day(lang, first.date())} – {i18n.day(lang, last.date())}"


def figure_table(fig: go.Figure, lang: str) -> pd.DataFrame:
    """Every point a chart shows, one row each: what it is, its series, its value, its tooltip's text;
    the columns that would be empty are left out, the headers in ``lang``."""
    rows: list[dict[str, Any]] = []
    for trace in fig.data:
        if getattr(trace, "hoverinfo", None) == "skip" or getattr(trace, "fill", None) == "toself":
            continue  # a band's edge, a region's outline: drawn, not data
        rows += _heatmap_rows(trace, lang) if trace.type == "heatmap" else _trace_rows(fig, trace, lang)
    headers = {
        "label": t(lang, "chart.col_label"),
        "series": t(lang, "chart.col_series"),
        "value": t(lang, "col.value"),
        "detail": t(lang, "chart.col_detail"),
    }  # fmt: skip (what each row is comes first)
    for row in rows:  # a point with no category of its own (a box's values) is told by its series
        if row["label"] in ("", None):
            row["label"] = row["series"]
    frame = pd.DataFrame(rows, columns=list(headers))
    kept: Sequence[str] = [
        c for c in headers if frame[c].map(lambda v: v not in ("", None)).any() and frame[c].notna().any()
    ]
    return frame[list(kept)].rename(columns=headers)


def figure_title(fig: go.Figure) -> str:
    """A chart's title as plain text (empty when it has none)."""
    return plain(fig.layout.title.text) if fig.layout.title and fig.layout.title.text else ""
