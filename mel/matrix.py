"""The evaluator's matrix: the members in view against the indicators of one principle (or all
indicators), or against the five principles, within a window of quarters.

Each cell holds the latest value within the window (nothing dated after today), its share of the
way from the member's baseline to its target, its red / amber / green status and its age in
quarters. The status follows the share as it is shown, rounded to a whole percent: a share shown
as 75 % is on track when the threshold is 75 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from mel import metrics
from mel.db import Reader
from mel.filters import Filters
from mel.metrics import last_complete_quarter, rag
from mel.periods import parse_quarter, quarter_of, quarter_start, quarters_between, shift_quarter
from mel.vocabulary import NETWORK_CREATED, PRINCIPLES

WINDOWS = ("year", "four_quarters", "range")
BY_PRINCIPLE = "principles"  # one column per principle
ALL_INDICATORS = "indicators"  # one column per indicator, every principle
COLUMN_CHOICES = (BY_PRINCIPLE, *PRINCIPLES.codes, ALL_INDICATORS)
SUMMARIES = ("region", "none")
MEMBER_FIELDS = [
    "member_code", "name_fr", "name_ar", "region_code", "region_name_fr", "region_name_ar", "kind", "cohort",
    "is_demo",
]  # fmt: skip
CELL_FIELDS = [
    "column", "value", "period", "baseline_value", "target_value", "unit", "share", "rag", "age", "on_track",
    "indicators",
]  # fmt: skip
STALE_AGE = 2  # quarters: the same rule as ``metrics.is_stale`` (two complete quarters with no value)


@dataclass(frozen=True)
class Window:
    """The quarters ``first`` to ``last`` (``YYYY-Qn``), both included; empty when ``first`` is later."""

    first: str
    last: str

    @property
    def quarters(self) -> list[str]:
        """Every quarter of the window, oldest first."""
        return quarters_between(self.first, self.last)


def window_for(choice: str, today: date, first: str | None = None, last: str | None = None) -> Window:
    """The window of quarters an evaluator chose.

    ``year``: the quarters of today's year up to the last complete quarter (none in its first
    quarter); ``four_quarters``: the last complete quarter and the three before it; ``range``:
    ``first`` to ``last`` in either order.
    """
    complete = last_complete_quarter(today)
    if choice == "year":
        return Window(f"{today.year}-Q1", complete)
    if choice == "four_quarters":
        return Window(shift_quarter(complete, -3), complete)
    if choice == "range" and first and last:
        earlier, later = sorted((first, last), key=parse_quarter)
        return Window(earlier, later)
    raise ValueError(f"window must be one of {WINDOWS} (a range needs its first and last quarter)")


def quarter_options(today: date) -> list[str]:
    """The quarters a range may start or end in, newest first: the network's first to today's."""
    return quarters_between(quarter_of(NETWORK_CREATED), quarter_of(today))[::-1]


def shown_share(share: Any) -> float | None:
    """A share rounded to the whole percent it is shown as (``metrics.shown_share``), so that the
    status follows the figure the reader sees; None when unknown."""
    if share is None or pd.isna(share):
        return None
    return metrics.shown_share(float(share))


def age_in_quarters(period: Any, window: Window, today: date) -> int | None:
    """Quarters from a value's period to the window's end (at most the last complete quarter): 0
    when the value is of that quarter (or reported early); None without a value."""
    if not isinstance(period, str):
        return None
    end = min(window.last, last_complete_quarter(today), key=parse_quarter)
    (end_year, end_q), (year, q) = parse_quarter(end), parse_quarter(period)
    return max(0, (end_year * 4 + end_q) - (year * 4 + q))


def indicator_cells(
    reader: Reader, filters: Filters, today: date, window: Window, principle: str | None = None
) -> pd.DataFrame:
    """One row per member in view and common indicator (of ``principle``, else all): the latest
    value within the window, baseline, target, shown share of the way, status and age."""
    params = filters.params(
        today=today, first_start=quarter_start(window.first), last_start=quarter_start(window.last), principle=principle
    )
    frame = reader.df("evaluation/matrix_cells", params)
    frame["column"] = frame["indicator_code"]
    frame["share"] = frame["achievement"].map(shown_share).astype("Float64")
    frame["rag"] = [rag(None if pd.isna(s) else float(s)) for s in frame["share"]]
    frame["age"] = pd.array([age_in_quarters(p, window, today) for p in frame["period"]], dtype="Int64")
    frame["on_track"] = frame["indicators"] = None  # counts of a principle's cell only
    return frame


def principle_cells(cells: pd.DataFrame) -> pd.DataFrame:
    """Indicator cells rolled up per member and principle: the share of the indicators with a
    value in the window that are on track (like the scorecard), its status, and the age of the
    oldest value counted."""
    counted = cells.assign(on_track=cells["rag"].eq("green"), reported=cells["share"].notna())
    grouped = counted.groupby([*MEMBER_FIELDS, "principle"], dropna=False, sort=False)
    frame = grouped.agg(
        indicators=("reported", "sum"), on_track=("on_track", "sum"), age=("age", "max"), period=("period", "min")
    ).reset_index()
    share = frame["on_track"] / frame["indicators"].where(frame["indicators"] > 0)
    frame["column"] = frame["principle"]
    frame["value"] = frame["share"] = share.map(shown_share).astype("Float64")
    frame["rag"] = [rag(None if pd.isna(s) else float(s)) for s in frame["share"]]
    frame["baseline_value"] = frame["target_value"] = None
    frame["unit"] = "percent"
    return frame


def matrix(reader: Reader, filters: Filters, today: date, window: Window, columns: str) -> pd.DataFrame:
    """The matrix in long form: one row per member in view (code, names, region, kind, cohort)
    and column, with the cell's value, period, baseline, target, shown share, status and age.

    ``columns``: ``principles`` (one column per principle), a principle's code (its indicators)
    or ``indicators`` (every indicator). Members without a value in the window keep their rows.
    """
    if columns not in COLUMN_CHOICES:
        raise ValueError(f"columns must be one of {COLUMN_CHOICES}")
    principle = columns if columns in PRINCIPLES else None
    cells = indicator_cells(reader, filters, today, window, principle)
    if columns == BY_PRINCIPLE:
        cells = principle_cells(cells)
    return cells[[*MEMBER_FIELDS, *CELL_FIELDS]].reset_index(drop=True)


def column_order(frame: pd.DataFrame) -> list[str]:
    """The matrix's columns in the order they are shown (principles, then indicator codes)."""
    return list(dict.fromkeys(frame["column"]))


def summary(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per region (``by="region"``) and column, then for all members in view (``region_code`` is
    None): how many members have a value in the window, how many are on track, and that share
    (shown rounded) with its status. ``by="none"`` gives no rows."""
    if by not in SUMMARIES:
        raise ValueError(f"by must be one of {SUMMARIES}")
    if by == "none" or frame.empty:
        return pd.DataFrame(columns=["region_code", "region_name_fr", "region_name_ar", "column", "members",
                                     "on_track", "share", "rag"])  # fmt: skip
    counted = frame.assign(reported=frame["share"].notna(), on_track=frame["rag"].eq("green"))
    keys = ["region_code", "region_name_fr", "region_name_ar", "column"]
    regions = counted.groupby(keys, sort=False).agg(members=("reported", "sum"), on_track=("on_track", "sum"))
    network = counted.groupby("column", sort=False).agg(members=("reported", "sum"), on_track=("on_track", "sum"))
    network = network.reset_index().assign(region_code=None, region_name_fr=None, region_name_ar=None)
    out = pd.concat([network, regions.reset_index().sort_values(["region_code"], kind="stable")], ignore_index=True)
    share = out["on_track"] / out["members"].where(out["members"] > 0)
    out["share"] = share.map(shown_share).astype("Float64")
    out["rag"] = [rag(None if pd.isna(s) else float(s)) for s in out["share"]]
    return out[["region_code", "region_name_fr", "region_name_ar", "column", "members", "on_track", "share", "rag"]]


def is_stale(age: Any) -> bool:
    """Whether a cell's value is old enough to be read with care (two quarters or more)."""
    return age is not None and not pd.isna(age) and int(age) >= STALE_AGE
