"""Query functions: each runs one named SQL file and returns a DataFrame or a small record."""

from __future__ import annotations

from datetime import date

import pandas as pd

from mel.db import Reader
from mel.filters import Filters
from mel.metrics import fresh_since
from mel.vocabulary import AMBER_THRESHOLD, ON_TRACK_THRESHOLD


def growth_monthly(reader: Reader, filters: Filters, until: date) -> pd.DataFrame:
    """Members at each month's end, one row per month, kind and cohort (columns month_end, kind, cohort, members)."""
    frame = reader.df("growth/members_by_month", filters.params(until=until))
    frame["month_end"] = pd.to_datetime(frame["month_end"])
    return frame


def growth_by(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Collapse the monthly series to one column: ``kind`` or ``cohort``; months with none are zero."""
    wide = frame.pivot_table(index="month_end", columns=by, values="members", aggfunc="sum", fill_value=0)
    return wide.sort_index()


def progress_by_principle(reader: Reader, filters: Filters, today: date) -> pd.DataFrame:
    """Per principle (gender included): average progress of recent values, and indicators by standing."""
    params = filters.params(
        today=today, fresh_since=fresh_since(today), on_track=ON_TRACK_THRESHOLD, amber=AMBER_THRESHOLD
    )
    return reader.df("overview/progress_by_principle", params)


def demo_share(reader: Reader, filters: Filters) -> dict[str, int]:
    """How many members and values in view are demo data."""
    row = reader.df("overview/demo_share", filters.params()).iloc[0]
    return {k: int(v) for k, v in row.items()}


def filter_options(reader: Reader) -> pd.DataFrame:
    """Regions and cohorts that have members, for the sidebar's filters."""
    return reader.df("choices/filters")


def members_by_kind_on(reader: Reader, filters: Filters, on: date) -> dict[str, int]:
    """How many members of each kind the network had on a given day."""
    frame = reader.df("growth/members_by_kind_on", filters.params(on=on))
    return {str(k): int(v) for k, v in zip(frame["kind"], frame["members"], strict=True)}
