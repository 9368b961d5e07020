"""What the Overview page shows, as figures built from queries."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go

from mel import charts, facts, queries
from mel.db import Reader
from mel.filters import Filters
from mel.i18n import t


def growth_figure(reader: Reader, filters: Filters, lang: str, today: date, by: str = "kind") -> go.Figure:
    """The network's cumulative members per month, stacked by ``kind`` or ``cohort``."""
    monthly = queries.growth_monthly(reader, filters, today)
    wide = queries.growth_by(monthly, by)
    return charts.growth_chart(wide, by, lang, facts.counts_frame(reader), t(lang, "overview.growth_title"))


def principle_figure(reader: Reader, filters: Filters, lang: str, today: date) -> go.Figure:
    """Average progress towards target, per openness principle and gender."""
    frame = queries.progress_by_principle(reader, filters, today)
    return charts.principle_chart(frame, lang, t(lang, "overview.principles_title"))
