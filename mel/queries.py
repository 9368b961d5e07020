"""Query functions: each runs one named SQL file and returns a DataFrame or a small record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from mel.db import Reader
from mel.filters import Filters
from mel.metrics import ON_TRACK_THRESHOLD


@dataclass(frozen=True)
class OverviewFigures:
    """The Overview page's headline figures."""

    members: int
    regions: int
    councils: int
    communes: int
    demo_members: int
    regions_covered: int
    regions_total: int
    plans_adopted: int
    plans_total: int
    projects_done: int
    projects_on_track: int
    projects_late: int
    projects_total: int
    women_share: float | None
    participants: int | None


def overview_figures(reader: Reader, filters: Filters, today: date) -> OverviewFigures:
    """Counts of members, plans and projects and the women's share of participants, as of ``today``."""
    row = reader.df("overview_kpis", filters.params(today=today)).iloc[0].to_dict()
    share = row.pop("women_share")
    participants = row.pop("participants")
    return OverviewFigures(
        **{k: int(v) for k, v in row.items()},
        women_share=None if pd.isna(share) else float(share),
        participants=None if pd.isna(participants) else int(participants),
    )


def growth_monthly(reader: Reader, filters: Filters, until: date) -> pd.DataFrame:
    """Members at each month's end, one row per month, kind and cohort (columns month_end, kind, cohort, members)."""
    frame = reader.df("growth_monthly", filters.params(until=until))
    frame["month_end"] = pd.to_datetime(frame["month_end"])
    return frame


def growth_by(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Collapse the monthly series to one column: ``kind`` or ``cohort``; months with none are zero."""
    wide = frame.pivot_table(index="month_end", columns=by, values="members", aggfunc="sum", fill_value=0)
    return wide.sort_index()


def progress_by_principle(reader: Reader, filters: Filters, today: date) -> pd.DataFrame:
    """Average achievement and share of indicators on track, per principle (gender included)."""
    return reader.df("progress_by_principle", filters.params(today=today, on_track=ON_TRACK_THRESHOLD))


def demo_share(reader: Reader, filters: Filters) -> dict[str, int]:
    """How many members and values in view are demo data."""
    row = reader.df("demo_share", filters.params()).iloc[0]
    return {k: int(v) for k, v in row.items()}


def filter_options(reader: Reader) -> pd.DataFrame:
    """Regions and cohorts that have members, for the sidebar's filters."""
    return reader.df("filter_options")


def members_by_kind_on(reader: Reader, filters: Filters, on: date) -> dict[str, int]:
    """How many members of each kind the network had on a given day."""
    frame = reader.df("members_by_kind_on", filters.params(on=on))
    return {str(k): int(v) for k, v in zip(frame["kind"], frame["members"], strict=True)}
