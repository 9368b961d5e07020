"""Overview: the network at a glance."""

import streamlit as st

import ui
from mel import headline, i18n, overview
from mel.i18n import t
from ui import facts as facts_view

lang, filters, today = ui.page_start("overview")
figures = ui.cached(headline.headline, filters, today)

cols = st.columns(4)
cols[0].metric(t(lang, "overview.members"), i18n.number(lang, figures.members))
cols[0].caption(
    t(
        lang,
        "overview.members_by_kind",
        communes=i18n.number(lang, figures.communes),
        councils=i18n.number(lang, figures.councils),
        regions=i18n.number(lang, figures.regions),
    )
)
facts_view.registry_makeup(filters, today, lang)
cols[1].metric(
    t(lang, "overview.regions_covered"),
    t(
        lang,
        "fraction",
        part=i18n.number(lang, figures.regions_covered),
        whole=i18n.number(lang, figures.regions_total),
    ),
)
cols[2].metric(
    t(lang, "overview.plans_adopted"),
    t(lang, "fraction", part=i18n.number(lang, figures.plans_adopted), whole=i18n.number(lang, figures.plans_total)),
)
cols[3].metric(t(lang, "overview.women_share"), i18n.percent(lang, figures.women_share))
cols[3].caption(t(lang, "overview.women_share_help", n=figures.participants))

projects = st.columns(5)  # every project in exactly one standing: the four add up to the total
projects[0].metric(t(lang, "overview.projects"), i18n.number(lang, figures.projects_total))
for column, (standing, count) in zip(projects[1:], figures.projects_by_standing.items(), strict=True):
    column.metric(t(lang, f"overview.projects_{standing}"), i18n.number(lang, count))

left, right = st.columns([1, 1])
with left:
    ui.chart(
        ui.figure(overview.growth_figure, filters, lang, today),
        key="growth_chart",
        config={"displaylogo": False},
    )
with right:
    ui.chart(
        ui.figure(overview.principle_figure, filters, lang, today),
        key="principle_chart",
        config={"displaylogo": False},
    )

with st.expander(t(lang, "overview.sources_title")):
    st.markdown(t(lang, "overview.sources"))
    facts_view.published_counts(lang)
