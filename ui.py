"""Streamlit glue shared by the pages: the cached reader, language, filters, layout."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from mel import i18n, queries
from mel.db import DatabaseMissing, Reader
from mel.filters import KINDS, Filters
from mel.i18n import t

T = TypeVar("T")


@st.cache_resource
def reader() -> Reader:
    """One read-only database handle per process; it follows each newly published snapshot."""
    return Reader()


def _call(func_module: str, func_name: str, args: tuple[Any, ...]) -> Any:
    import importlib

    func = getattr(importlib.import_module(func_module), func_name)
    return func(reader(), *args)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(func_module: str, func_name: str, version: str, args: tuple[Any, ...]) -> Any:
    return _call(func_module, func_name, args)


def cached(func: Callable[..., T], *args: Any) -> T:
    """Call ``func(reader, *args)``, cached by its small arguments and the database version."""
    return _cached(func.__module__, func.__name__, reader().version(), args)


@st.cache_resource(show_spinner=False, max_entries=256)
def _cached_figure(func_module: str, func_name: str, version: str, args: tuple[Any, ...]) -> Any:
    return _call(func_module, func_name, args)


def figure(func: Callable[..., T], *args: Any) -> T:
    """Like ``cached`` for plotly figures, kept as objects: unpickling a large figure on every
    run (what st.cache_data does) costs more than drawing it."""
    return _cached_figure(func.__module__, func.__name__, reader().version(), args)


def clear_caches() -> None:
    """Forget every cached query result (call after each write)."""
    st.cache_data.clear()


def lang() -> str:
    """The current language (sidebar choice, first taken from ``?lang=``)."""
    return st.session_state.get("lang") or i18n.normalise_language(st.query_params.get("lang"))


def today() -> date:
    """Today's date, for lateness and 'as of' figures."""
    return date.today()


def filters() -> Filters:
    """The global filters chosen in the sidebar."""
    return Filters(
        regions=tuple(st.session_state.get("filter_regions", ())),
        kinds=tuple(st.session_state.get("filter_kinds", ())),
        cohorts=tuple(int(c) for c in st.session_state.get("filter_cohorts", ())),
    )


def _on_language_change() -> None:
    st.query_params["lang"] = st.session_state["lang"]


def sidebar() -> None:
    """The language switch and the global filters."""
    current = i18n.normalise_language(st.query_params.get("lang"))
    if "lang" not in st.session_state or (st.query_params.get("lang") and current != st.session_state["lang"]):
        st.session_state["lang"] = current
    lg = st.session_state["lang"]
    with st.sidebar:
        st.selectbox(
            t(lg, "sidebar.language"),
            i18n.LANGUAGES,
            key="lang",
            format_func=lambda code: i18n.t(code, "language.name"),
            on_change=_on_language_change,
        )
        lg = st.session_state["lang"]
        st.subheader(t(lg, "sidebar.filters"))
        try:
            options = cached(queries.filter_options)
        except DatabaseMissing:
            return
        regions = options[options["filter"] == "region"]
        region_names = dict(zip(regions["value"], regions[i18n.name_column(lg, "label")], strict=True))
        st.multiselect(
            t(lg, "filter.region"),
            list(region_names),
            key="filter_regions",
            format_func=lambda code: region_names.get(code, code),
            placeholder=t(lg, "filter.all"),
        )
        st.multiselect(
            t(lg, "filter.kind"),
            list(KINDS),
            key="filter_kinds",
            format_func=lambda kind: t(lg, f"kind.{kind}.plural"),
            placeholder=t(lg, "filter.all"),
        )
        cohorts = sorted(int(v) for v in options.loc[options["filter"] == "cohort", "value"])
        st.multiselect(
            t(lg, "filter.cohort"),
            cohorts,
            key="filter_cohorts",
            format_func=lambda n: t(lg, "cohort.label", n=n),
            placeholder=t(lg, "filter.all"),
        )


RTL_CSS = """
<style>
[data-testid="stApp"], [data-testid="stSidebar"], [data-testid="stMain"],
[data-testid="stHeader"], [data-testid="stMarkdownContainer"], [data-testid="stMetric"] {
  direction: rtl !important; text-align: right;
}
[data-testid="stSidebar"] { left: auto; right: 0; }
[data-testid="stMetricValue"], [data-testid="stMetricLabel"] { direction: rtl; justify-content: flex-end; }
</style>
"""
BASE_CSS = """
<style>
html, body, [data-testid="stApp"] { font-family: "Noto Sans", "Noto Naskh Arabic", "DejaVu Sans", sans-serif; }
[data-testid="stMetricValue"] { font-size: 2.1rem; }
</style>
"""


def page_setup() -> None:
    """Page-wide CSS: the app's fonts, and right-to-left layout in Arabic."""
    st.html(BASE_CSS + (RTL_CSS if i18n.is_rtl(lang()) else ""))


def demo_notice(counts: dict[str, int]) -> None:
    """A visible notice of how much of what is shown is demo data."""
    lg = lang()
    if counts["demo_members"] or counts["demo_values"]:
        st.warning(
            t(
                lg,
                "demo.notice",
                demo_members=i18n.number(lg, counts["demo_members"]),
                members=i18n.number(lg, counts["members"]),
                demo_values=i18n.number(lg, counts["demo_values"]),
                values=i18n.number(lg, counts["values_total"]),
            ),
            icon=":material/science:",
        )


def database_missing() -> None:
    """Tell the user how to build the database when it is not there."""
    st.error(t(lang(), "error.database_missing"))


def table(
    frame: pd.DataFrame,
    height: int | None = None,
    columns: list[str] | None = None,
    trend: str | None = None,
    colours: pd.DataFrame | None = None,
    link: str | None = None,
    link_text: str | None = None,
) -> None:
    """A sortable table of ``columns`` (default all); in Arabic its columns run from the right.

    ``trend`` names a column of value lists drawn as sparklines; ``colours`` holds a CSS style per
    cell; ``link`` names a column of in-app links shown as ``link_text``.
    """
    shown = frame[columns] if columns else frame
    shown = shown.rename(columns=lambda c: i18n.field_label(lang(), str(c)))
    # A column mixing numbers and "< 5" (suppressed counts) is shown as text.
    mixed = [c for c in shown.columns if shown[c].dtype == object and shown[c].map(type).nunique() > 1]
    if mixed:
        shown = shown.assign(**{c: shown[c].map(lambda v: "" if v is None else str(v)) for c in mixed})
    if i18n.is_rtl(lang()):
        shown = shown[list(reversed(shown.columns))]
    if height is None:
        height = min(38 + 35 * max(1, len(frame)), 520)
    config: dict[str, Any] = {
        c: st.column_config.NumberColumn(format="localized")
        for c in shown.columns
        if pd.api.types.is_numeric_dtype(shown[c])
    }
    if trend:
        config[trend] = st.column_config.LineChartColumn(trend, width="small")
    if link:
        config[link] = st.column_config.LinkColumn(link, display_text=link_text)
    data: Any = shown
    if colours is not None:
        styles = colours.rename(columns=lambda c: i18n.field_label(lang(), str(c)))[list(shown.columns)]
        data = shown.style.apply(lambda _: styles, axis=None)
    st.dataframe(data, hide_index=True, height=height, column_config=config)


def downloads(frame: pd.DataFrame, stem: str, key: str) -> None:
    """CSV and XLSX downloads of a table, built when clicked."""
    from mel import export

    lg = lang()
    left, right, _ = st.columns([1, 1, 4])
    left.download_button(
        t(lg, "download.csv"),
        data=lambda: export.csv_bytes(frame),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
    )
    right.download_button(
        t(lg, "download.xlsx"),
        data=lambda: export.xlsx_bytes(frame, stem, i18n.is_rtl(lg)),
        file_name=f"{stem}.xlsx",
        key=f"{key}_xlsx",
        icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def field_config(frame: pd.DataFrame) -> dict[str, Any]:
    """Column headers in the language for an editable table (the data keeps its column names)."""
    return {c: st.column_config.Column(i18n.field_label(lang(), str(c))) for c in frame.columns}


def page_start(prefix: str) -> tuple[str, Filters, date]:
    """A page's common start: title and subtitle (``PREFIX.title``, ``PREFIX.subtitle``), a clear
    error if the database is missing, and the demo-data notice. Returns language, filters, today."""
    lg, chosen = lang(), filters()
    st.title(t(lg, f"{prefix}.title"))
    st.caption(t(lg, f"{prefix}.subtitle"))
    try:
        reader().version()
    except DatabaseMissing:
        database_missing()
        st.stop()
    demo_notice(cached(queries.demo_share, chosen))
    return lg, chosen, today()
