"""A member's action plan: progress, milestones, indicator tracking, comparison, meeting brief."""

import streamlit as st

import ui
from mel import brief, deck, i18n, meeting, plan
from mel.db import DatabaseMissing
from mel.i18n import t
from mel.metrics import AMBER_THRESHOLD, ON_TRACK_THRESHOLD
from ui import address, census
from ui import explanations as explanations_view
from ui import meeting as meeting_view
from ui import ogp as ogp_view

DEFAULT_MEMBER = "04.281.01.01"  # Kénitra: the plan published in full

lang = ui.lang()
today = ui.today()

try:
    options = ui.cached(plan.member_options, today)
except DatabaseMissing:
    ui.database_missing()
    st.stop()
if options.empty:  # a past day (?as_of=) before any member: the banner says so
    st.stop()
codes = list(options["member_code"])
labels = {row["member_code"]: plan.member_label(row, lang) for _, row in options.iterrows()}
asked = st.query_params.get("member")
if asked and asked not in labels:
    st.warning(t(lang, "plan.unknown_member", code=asked))

default_member = DEFAULT_MEMBER if DEFAULT_MEMBER in labels else codes[0]
address.take("member", default_member, labels)
address.take("meeting", False, (True, False), cast=lambda text: text == "1")
if st.session_state["meeting"]:  # the projector view (?meeting=1), straight from a link
    member = address.keep("member", default_member)
    address.keep("meeting", False, text=lambda _: "1")
    header = ui.cached(plan.plan_header, member, None)
    if header is not None and header["plan_id"] is not None:
        ui.print_heading(header[i18n.name_column(lang)])
        meeting_view.show(member, header, lang, today)
        st.stop()
    st.session_state["meeting"] = False
if "screen" in st.query_params:
    del st.query_params["screen"]

top_left, top_right = st.columns([3, 1])
member = top_left.selectbox(
    t(lang, "plan.pick_member"), codes, key="member", format_func=labels.__getitem__,
    help=t(lang, "plan.pick_member_help"),
)  # fmt: skip
address.keep("member", default_member)
top_right.toggle(t(lang, "plan.meeting_mode"), key="meeting", help=t(lang, "plan.meeting_mode_help"))
address.keep("meeting", False, text=lambda _: "1")

cycles = ui.cached(plan.cycles, member)
cycle = None
if len(cycles) > 1:  # a member on its second programme may look back at the first
    address.take("cycle", cycles[0], cycles, cast=int)
    cycle = st.selectbox(t(lang, "plan.cycle"), cycles, key="cycle",
                         format_func=lambda c: t(lang, "plan.cycle_option", cycle=i18n.number(lang, c)))  # fmt: skip
    address.keep("cycle", cycles[0])
header = ui.cached(plan.plan_header, member, cycle)
if header is None:  # gone from the database since the list above was read
    st.warning(t(lang, "plan.unknown_member", code=member))
    st.stop()
name = header[i18n.name_column(lang)]
st.title(name)
ui.print_heading(name)
st.caption(
    t(lang, "plan.member_line", kind=t(lang, f"kind.{header['kind']}"), code=member,
      region=header[i18n.name_column(lang, "region_name")], cohort=int(header["cohort"]))
)  # fmt: skip
if not header["member_is_demo"]:  # a member named in a public source says which
    st.caption(
        t(lang, "plan.membership_source_estimated", joined=i18n.month(lang, header["joined_on"]),
          source=header["member_source"]) if header["dates_estimated"]
        else t(lang, "plan.membership_source", joined=i18n.day(lang, header["joined_on"]),
               source=header["member_source"])
    )  # fmt: skip
with st.expander(t(lang, "census.member_title", name=name)):
    census.member_context(member, lang)
if header["member_is_demo"] or header["plan_is_demo"]:
    real = " " + t(lang, "plan.demo_notice_real_axes") if header["has_real_axes"] else ""
    placeholder = t(lang, "plan.demo_member") + " " if header["member_is_demo"] else ""
    st.warning(placeholder + t(lang, "plan.demo_notice") + real, icon=":material/science:")
ogp_view.member_section(member, lang)
if header["plan_id"] is None:
    st.info(t(lang, "plan.no_plan"))
    explanations_view.section(member, lang, today)
    st.stop()
plan_id = int(header["plan_id"])

cols = st.columns(3)
cols[0].metric(t(lang, "plan.progress"), i18n.percent(lang, header["progress"]))
cols[1].metric(t(lang, "plan.status"), t(lang, f"plan_status.{header['status']}"))
cols[2].metric(t(lang, "plan.cycle"), i18n.number(lang, header["cycle"]))
focal = header[i18n.name_column(lang, "focal_point")]
st.markdown(
    t(lang, "plan.dates_line", co_created=i18n.day(lang, header["co_created_on"]),
      adopted=i18n.day(lang, header["adopted_on"]), start=i18n.day(lang, header["start_on"]),
      end=i18n.day(lang, header["end_on"]))
    + "  \n" + t(lang, "plan.focal_point", name=focal or t(lang, "plan.focal_point_none"))
)  # fmt: skip
ui.table(ui.cached(plan.plan_axes, plan_id, lang))
with st.expander(t(lang, "plan.versions_title", n=i18n.number(lang, header["plan_version"]))):
    st.caption(t(lang, "plan.versions_help"))
    versions = ui.cached(plan.plan_versions, plan_id, lang)
    ui.table(versions)
    shown_version = st.selectbox(
        t(lang, "plan.version_pick"), list(versions["version"]), key=f"plan_version_{plan_id}",
        format_func=lambda v: t(lang, "plan.version_option", version=i18n.number(lang, v)),
    )  # fmt: skip
    ui.table(ui.cached(plan.version_changes, plan_id, int(shown_version), lang))

# --- Meeting brief: what changed since a date, and what is due next -------------------------
st.header(t(lang, "plan.brief_title"))
since = st.date_input(
    t(lang, "plan.since"), value=ui.cached(meeting.since_default, member, today), key="brief_since", max_value=today,
    format="YYYY/MM/DD" if lang == "en" else "DD/MM/YYYY",
)  # fmt: skip
changes = ui.cached(plan.changes_tables, member, lang, since, today)
brief_cols = st.columns(4)
for column, change in zip(brief_cols, ("milestone_done", "value_reported", "new_delay", "due_next"), strict=True):
    column.metric(t(lang, f"plan.change.{change}"), i18n.number(lang, len(changes[change])))
for change in ("new_delay", "due_next", "milestone_done", "value_reported"):
    if len(changes[change]):
        with st.expander(t(lang, f"plan.change.{change}") + f" ({i18n.number(lang, len(changes[change]))})"):
            ui.table(changes[change])
brief_lang = st.radio(
    t(lang, "plan.brief_language"), list(i18n.LANGUAGES), index=i18n.LANGUAGES.index(lang), horizontal=True,
    format_func=lambda code: i18n.t(code, "language.name"), key="brief_lang",
)  # fmt: skip
pdf_button, deck_button, _ = st.columns([1, 1, 2])
pdf_button.download_button(
    t(lang, "plan.brief_download"), data=lambda: brief.brief_pdf(ui.reader(), member, brief_lang, since, today),
    file_name=f"brief-{member}-{today.isoformat()}-{brief_lang}.pdf", mime="application/pdf",
    icon=":material/picture_as_pdf:", key="brief_pdf",
)  # fmt: skip
deck_button.download_button(
    t(lang, "plan.deck_download"), data=lambda: deck.brief_pptx(ui.reader(), member, brief_lang, since, today),
    file_name=f"brief-{member}-{today.isoformat()}-{brief_lang}.pptx", icon=":material/slideshow:", key="brief_pptx",
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
)  # fmt: skip

# --- Projects --------------------------------------------------------------------------------
st.header(t(lang, "plan.projects_title"))
ui.table(ui.cached(plan.projects_table, plan_id, lang, today))
with st.expander(t(lang, "plan.scales_title")):
    st.markdown(t(lang, "plan.scales"))

ui.chart(ui.figure(plan.gantt_figure, plan_id, lang, today), key="gantt")

# --- Indicators ------------------------------------------------------------------------------
st.header(t(lang, "plan.indicators_title"))
st.caption(
    t(
        lang,
        "plan.rag_legend",
        on_track=i18n.percent(lang, ON_TRACK_THRESHOLD),
        amber=i18n.percent(lang, AMBER_THRESHOLD),
    )
)
st.caption(t(lang, "plan.targets_own" if header["own_targets"] else "plan.targets_network"))
indicators = ui.cached(plan.indicator_table, member, lang, today)
ui.table(indicators, trend=t(lang, "col.trend"))
with st.expander(t(lang, "plan.definitions_title")):
    ui.table(ui.cached(plan.indicator_definitions, member, lang, today))

st.header(t(lang, "plan.comparison_header"))
st.caption(t(lang, "plan.comparison_help"))
ui.chart(ui.figure(plan.comparison_figure, member, lang, today), key="comparison")
ui.table(ui.cached(plan.comparison_table, member, lang, today))

# --- Explanations and evidence ---------------------------------------------------------------
explanations_view.section(member, lang, today)
