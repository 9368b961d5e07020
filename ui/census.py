"""The 2024 census by sex on a page: a member's figures, and the spread across the members in view."""

from __future__ import annotations

from datetime import date

import streamlit as st

import ui
from mel import census, i18n, plan
from mel.filters import Filters
from mel.i18n import t


def member_context(member_code: str, lang: str) -> None:
    """The member's census figures by sex (real data, HCP), with the credit HCP's terms ask for."""
    frame = ui.cached(census.member_context, member_code, lang)
    if frame.empty:
        st.caption(t(lang, "census.no_figures"))
        return
    ui.table(frame, height=None)
    header = ui.cached(plan.plan_header, member_code, None)
    name = header[i18n.name_column(lang)] if header else member_code
    st.caption(t(lang, "census.member_caption", name=name) + "  \n" + t(lang, "census.credit"))


def network_spread(filters: Filters, lang: str, today: date, member: str | None) -> None:
    """Women's and men's rates across the members in view, the chosen member marked."""
    figure = ui.figure(census.network_spread_figure, filters, lang, today, t(lang, "census.spread_title"), member)
    ui.chart(figure, key="census_spread")
    st.caption(t(lang, "census.spread_help") + "  \n" + t(lang, "census.credit"))
