"""Gender equality: women's participation, the IEECAG bodies, sex-disaggregated results."""

import streamlit as st

import ui
from mel import gender, gender_compare, i18n, plan
from mel.i18n import t
from ui import address, census
from ui import facts as facts_view

lang, filters, today = ui.page_start("gender")
summary = ui.cached(gender.participation_summary, filters, today)
st.caption(t(lang, "gender.privacy"))

options = ui.cached(plan.member_options, today)
labels = {row["member_code"]: plan.member_label(row, lang) for _, row in options.iterrows()}
address.take("member", None, [None, *labels])
member = st.selectbox(
    t(lang, "gender.member"), [None, *labels], key="member",
    format_func=lambda c: t(lang, "gender.whole_network") if c is None else labels[c],
    placeholder=t(lang, "gender.whole_network"),  # None is the whole network, shown as the placeholder
)  # fmt: skip
address.keep("member", None)

# The real census first: the context every participation figure below is read against.
st.header(t(lang, "census.title"))
st.caption(t(lang, "census.help"))
if member:
    census.member_context(member, lang)
else:
    st.caption(t(lang, "census.pick_member"))
census.network_spread(filters, lang, today, member)

st.header(t(lang, "gender.participation_title"))
cols = st.columns(4)
cols[0].metric(t(lang, "gender.women_share"), i18n.percent(lang, summary.women_share))
cols[0].caption(t(lang, "gender.women_share_help", participants=i18n.number(lang, summary.participants),
                  events=i18n.number(lang, summary.events)))  # fmt: skip
cols[1].metric(t(lang, "gender.population_share"), i18n.percent(lang, summary.population_women_share, 1))
if member:
    mine = ui.cached(gender.member_participation, member, today)
    cols[2].metric(
        t(lang, "gender.member_women_share"), i18n.percent(lang, mine.women_share),
        delta=None if mine.women_share is None or summary.women_share is None
        else t(lang, "gender.points", n=round(100 * (mine.women_share - summary.women_share), 1)),
    )  # fmt: skip
    cols[3].metric(t(lang, "gender.member_population_share"), i18n.percent(lang, mine.population_women_share, 1))
left, right = st.columns(2)
with left:
    ui.chart(
        ui.figure(gender.over_time_figure, filters, lang, today, t(lang, "gender.over_time_title")), key="over_time"
    )
with right:
    ui.chart(
        ui.figure(gender.by_event_kind_figure, filters, lang, today, t(lang, "gender.by_kind_title")), key="by_kind"
    )
facts_view.reference_figures(("gender",), lang)  # women's seats: the other yardstick for women's share

# The headline split by cohort, region or kind of member (codes in the address: ?compare=region).
st.subheader(t(lang, "gender.compare_header"))
address.take("compare", gender_compare.GROUPS[0], gender_compare.GROUPS)
compare_by = st.segmented_control(
    t(lang, "gender.compare_by"), list(gender_compare.GROUPS), key="compare",
    format_func=lambda g: t(lang, f"gender.compare_by.{g}"),
) or gender_compare.GROUPS[0]  # fmt: skip
address.keep("compare", gender_compare.GROUPS[0])
st.caption(t(lang, "gender.compare_help"))
ui.chart(ui.figure(gender_compare.comparison_figure, filters, lang, today, compare_by), key="compare_chart")
compared = ui.cached(gender_compare.comparison_table, filters, lang, today, compare_by)
ui.table(compared, height=None)
ui.downloads(compared, f"womens-participation-by-{compare_by}", "compare")
ui.chart(ui.figure(gender.ranking_figure, filters, lang, today, t(lang, "gender.ranking_title"), member), key="ranking")
participation = ui.cached(gender.participation_table, filters, lang, today)
ui.table(participation)
ui.downloads(participation, "womens-participation", "participation")

st.header(t(lang, "gender.bodies_title"))
st.caption(t(lang, "gender.bodies_help"))
bodies = ui.cached(gender.bodies_summary, filters)
cols = st.columns(4)
cols[0].metric(
    t(lang, "gender.with_body"),
    t(lang, "fraction", part=i18n.number(lang, bodies.with_body), whole=i18n.number(lang, bodies.members)),
)
cols[1].metric(t(lang, "gender.body_women"), i18n.percent(lang, bodies.women_share_of_body_members))
cols[2].metric(t(lang, "gender.opinions_issued"), i18n.number(lang, bodies.opinions_issued))
cols[3].metric(t(lang, "gender.acted_on"), i18n.percent(lang, bodies.acted_on_share))
body_table = ui.cached(gender.bodies_table, filters, lang)
ui.table(body_table)
ui.downloads(body_table, "ieecag", "ieecag")

st.header(t(lang, "gender.sex_title"))
st.caption(t(lang, "gender.sex_help"))
sexed = ui.cached(gender.sex_indicators_table, filters, lang)
ui.table(sexed)
ui.downloads(sexed, "sex-disaggregated-indicators", "sexed")
ui.chart(ui.figure(gender.parity_trend_figure, filters, lang, t(lang, "gender.parity_title")), key="parity")
with st.expander(t(lang, "gender.reporting_by_sex_title")):
    ui.table(ui.cached(gender.sex_reporting_table, filters, lang))

with st.expander(t(lang, "gender.definitions_title")):
    st.markdown(t(lang, "gender.definitions"))
