"""Public facts on the pages: the published counts with their sources, the registry's makeup,
and reference figures beside the charts they explain."""

from __future__ import annotations

from datetime import date

import streamlit as st

import ui
from mel import facts, i18n
from mel.filters import Filters
from mel.i18n import t


def published_counts(lang: str) -> None:
    """Every published member count with its date, split, source, and whether the registry follows it."""
    st.markdown(f"**{t(lang, 'facts.counts_title')}**")
    st.caption(t(lang, "facts.counts_help", followed=ui.cached(facts.followed_summary, lang)))
    ui.table(ui.cached(facts.counts_table, lang), height=None)


def registry_makeup(filters: Filters, today: date, lang: str) -> None:
    """How many of the members in view are named in public sources and how many are placeholders."""
    makeup = ui.cached(facts.registry_makeup, filters, today)
    st.caption(
        t(lang, "facts.makeup", members=i18n.number(lang, makeup["members"]),
          named=i18n.number(lang, makeup["named"]), placeholders=i18n.number(lang, makeup["placeholders"]))
    )  # fmt: skip


def reference_figures(topics: tuple[str, ...], lang: str) -> None:
    """The sourced reference figures on ``topics``, folded under the chart they explain."""
    with st.expander(t(lang, "facts.reference_title"), icon=":material/menu_book:"):
        ui.table(ui.cached(facts.figures_table, topics, lang), height=None)
