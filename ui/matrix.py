"""The evaluator's matrix tab: members × indicators (of a principle, or all) or × principles,
within a window of quarters, with a summary by region and a download to send."""

from __future__ import annotations

from datetime import date

import streamlit as st

import ui
from mel import i18n, matrix, matrix_tables
from mel.filters import Filters
from mel.i18n import t
from mel.metrics import last_complete_quarter
from mel.periods import shift_quarter
from mel.vocabulary import AMBER_THRESHOLD, ON_TRACK_THRESHOLD, PRINCIPLES
from ui import address


def _column_label(lang: str, choice: str) -> str:
    if choice in PRINCIPLES:
        return t(lang, "matrix.columns.principle", principle=t(lang, f"principle.{choice}"))
    return t(lang, f"matrix.columns.{choice}")


def _window(lang: str, today: date) -> matrix.Window:
    """The window chosen (kept in the address as ``window``, and ``first`` / ``last`` for a range),
    its two quarter pickers beside it."""
    choices, first_column, last_column = st.columns([3, 1, 1], vertical_alignment="bottom")
    address.take("window", "year", matrix.WINDOWS)
    choice = choices.segmented_control(
        t(lang, "matrix.window"), matrix.WINDOWS, key="window", format_func=lambda w: t(lang, f"matrix.window.{w}")
    ) or "year"  # fmt: skip
    address.keep("window", "year")
    if choice != "range":
        return matrix.window_for(choice, today)
    quarters = matrix.quarter_options(today)
    last = last_complete_quarter(today)
    chosen = []
    for column, key, default in zip(
        (first_column, last_column), ("first", "last"), (shift_quarter(last, -3), last), strict=True
    ):
        address.take(key, default, quarters)
        chosen.append(
            column.selectbox(t(lang, f"matrix.{key}"), quarters, key=key, format_func=lambda q: i18n.quarter(lang, q))
        )
        address.keep(key, default)
    return matrix.window_for("range", today, chosen[0], chosen[1])


def _shown(view: matrix_tables.ShownTable, links: bool = False) -> None:
    ui.table(
        view.table, colours=view.styles, sort_keys=view.sort_keys, titles=view.titles,
        row_links=matrix_tables.LINK if links else None,
    )  # fmt: skip


def matrix_tab(filters: Filters, lang: str, today: date, base: str) -> None:
    """The tab: what the columns are, the window, the summary; the members' table, its download
    (absolute links from ``base``) and the summary by region."""
    st.html(ui.css("matrix"))
    left, right = st.columns([3, 2])
    with left:
        address.take("columns", matrix.BY_PRINCIPLE, matrix.COLUMN_CHOICES)
        columns = st.selectbox(
            t(lang, "matrix.columns"), matrix.COLUMN_CHOICES, key="columns",
            format_func=lambda c: _column_label(lang, c),
        )  # fmt: skip
        address.keep("columns", matrix.BY_PRINCIPLE)
    with right:
        address.take("summary", "region", matrix.SUMMARIES)
        by = st.segmented_control(
            t(lang, "matrix.summary"), matrix.SUMMARIES, key="summary",
            format_func=lambda s: t(lang, f"matrix.summary.{s}"),
        ) or "region"  # fmt: skip
        address.keep("summary", "region")
    window = _window(lang, today)
    st.caption(
        t(lang, "matrix.help_principles" if columns == matrix.BY_PRINCIPLE else "matrix.help",
          first=i18n.quarter(lang, window.first), last=i18n.quarter(lang, window.last), today=i18n.day(lang, today),
          on_track=i18n.percent(lang, ON_TRACK_THRESHOLD), amber=i18n.percent(lang, AMBER_THRESHOLD))
    )  # fmt: skip
    if not window.quarters:
        st.info(t(lang, "matrix.empty_window"))
    with st.container(key="matrix_members"):
        _shown(ui.cached(matrix_tables.matrix_view, filters, lang, today, window, columns), links=True)
    download = ui.cached(matrix_tables.matrix_download, filters, lang, today, window, columns, base)
    ui.downloads(download, f"matrix-{columns}-{window.first}-{window.last}", "matrix")
    if by == "region":
        st.markdown(f"**{t(lang, 'matrix.summary_title')}**")
        with st.container(key="matrix_summary"):
            _shown(ui.cached(matrix_tables.summary_view, filters, lang, today, window, columns, by))
