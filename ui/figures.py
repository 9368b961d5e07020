"""Charts with their text alternative: the figures of every chart one click away, as a table."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import ui
from mel.chart_tables import figure_table, figure_title
from mel.i18n import t
from ui import tables

CONFIG = {"displaylogo": False}


def chart(fig: go.Figure, key: str, frame: pd.DataFrame | None = None, **options: Any) -> Any:
    """Draw ``fig`` (``st.plotly_chart``, ``options`` passed on) and, right under it, an expander
    "Table of this chart" with its figures (``frame``, else the points read from the figure).

    The figure carries its description (``layout.meta``), which ``ui/js/a11y.js`` gives the chart
    as its accessible name, for screen readers. Returns what ``st.plotly_chart`` returns (a
    selection when ``on_select`` is given).
    """
    lg = ui.lang()
    title = figure_title(fig)
    # set on the figure itself (kept in a cache): the same value on every run
    fig.update_layout(meta={"description": t(lg, "chart.described", title=title) if title else t(lg, "chart.table")})
    options.setdefault("config", CONFIG)
    event = st.plotly_chart(fig, key=key, **options)
    with st.expander(t(lg, "chart.table"), icon=":material/table_chart:"):
        shown = figure_table(fig, lg) if frame is None else frame
        st.html(f'<div class="mel-chart-table">{tables.table_html(shown, lg, height=360)}</div>')
    return event
