"""Network growth: from 66 members to 126, 228 and on, coverage, the map, the members list."""

import streamlit as st

import ui
from mel import growth, i18n
from mel.i18n import t
from ui import address
from ui import facts as facts_view

lang, filters, today = ui.page_start("growth")
national = ui.cached(growth.national_coverage, filters, today)

# Coverage: figures no other tool shows, so they come first.
cols = st.columns(4)
cols[0].metric(t(lang, "growth.members"), i18n.number(lang, national.members))
cols[1].metric(t(lang, "growth.population_share"), i18n.percent(lang, national.population_share, 1))
cols[1].caption(
    t(lang, "growth.population_share_help", covered=i18n.number(lang, national.population_covered),
      total=i18n.number(lang, national.population_total))
)  # fmt: skip
cols[2].metric(t(lang, "growth.collectivities_share"), i18n.percent(lang, national.collectivities_share, 1))
cols[2].caption(
    t(lang, "growth.collectivities_share_help", members=i18n.number(lang, national.members),
      total=i18n.number(lang, national.collectivities_total))
)  # fmt: skip
cols[3].metric(
    t(lang, "growth.communes"),
    t(lang, "fraction", part=i18n.number(lang, national.communes), whole=i18n.number(lang, national.communes_total)),
)

address.take("by", "kind", ["kind", "cohort"])
by = st.segmented_control(
    t(lang, "growth.show_by"), ["kind", "cohort"], key="by", format_func=lambda v: t(lang, f"growth.by_{v}"),
) or "kind"  # fmt: skip
address.keep("by", "kind")
ui.chart(ui.figure(growth.growth_figure, filters, lang, today, by), key="growth_chart")
facts_view.registry_makeup(filters, today, lang)
with st.expander(t(lang, "overview.sources_title"), icon=":material/menu_book:"):
    facts_view.published_counts(lang)

st.subheader(t(lang, "growth.where_title"))
left, right = st.columns([3, 2])
with right:
    address.take("map", growth.MAP_METRICS[0], growth.MAP_METRICS)
    metric = st.radio(
        t(lang, "growth.map_colour"), growth.MAP_METRICS, key="map",
        format_func=lambda m: t(lang, f"growth.map_metric.{m}"),
    )  # fmt: skip
    address.keep("map", growth.MAP_METRICS[0])
    regions = ui.cached(growth.coverage, filters, today)
    region_names = dict(zip(regions["region_code"], regions[i18n.name_column(lang)], strict=True))
    address.take("map_region", None, [None, *region_names])
    selected = st.selectbox(
        t(lang, "growth.map_region"), [None, *region_names], key="map_region",
        format_func=lambda c: t(lang, "filter.all") if c is None else region_names[c],
        placeholder=t(lang, "filter.all"),  # None is "all", which Streamlit shows as its placeholder
    )  # fmt: skip
    address.keep("map_region", None)
    st.caption(t(lang, "growth.map_help"))
with left:
    event = ui.chart(
        ui.figure(growth.map_figure, filters, lang, today, metric, selected), key="region_map",
        on_select="rerun", selection_mode=("points",), config={"displayModeBar": False},
    )  # fmt: skip
    picked = [p.get("customdata") for p in (event.selection.points if event else []) if p.get("customdata")]
    if picked and picked[0] != selected:
        st.session_state["map_region"] = picked[0]
        st.rerun()

page_filters = filters.with_region(selected)
st.subheader(t(lang, "growth.coverage_title"))
coverage = ui.cached(growth.coverage_table, filters, lang, today)
ui.table(coverage, columns=list(coverage.columns[[0, 1, 3, 4, 6, 8]]))
ui.downloads(coverage, "coverage", "growth_coverage")

st.subheader(t(lang, "growth.members_title"))
address.take("search", "")
search = st.text_input(t(lang, "growth.search"), key="search", placeholder=t(lang, "growth.search_help"))
address.keep("search", "")
members = ui.cached(growth.members_table, page_filters, lang, today, search)
st.caption(t(lang, "growth.members_count", n=len(members)))
ui.table(members)
ui.downloads(members, "members", "growth_members")

st.subheader(t(lang, "growth.timing_title"))
st.caption(t(lang, "growth.timing_help"))
ui.table(ui.cached(growth.plan_timing, page_filters, lang, today))
