"""Evaluators' view: compare members on any indicator, the members × indicators matrix, scorecards,
programme results, completeness, OGP commitments, the members' learning notes."""

import streamlit as st

import ui
from mel import evaluation, headline, i18n
from mel.i18n import t
from mel.metrics import AMBER_THRESHOLD, ON_TRACK_THRESHOLD, last_complete_quarter
from mel.periods import shift_quarter
from ui import address
from ui import facts as facts_view
from ui import learning as learning_view
from ui import matrix as matrix_view
from ui import ogp as ogp_view

lang, filters, today = ui.page_start("eval")
st.caption(headline.summary_line(ui.cached(headline.headline, filters, today), lang))
options = ui.cached(evaluation.indicator_options)
base = ui.public_base("evaluation")  # for links that work outside the app (downloads)

TABS = ("explorer", "matrix", "scorecard", "results", "completeness", "commitments", "learning")
tab_labels = {tab: t(lang, f"eval.tab_{tab}") for tab in TABS}
tab_codes = {label: tab for tab, label in tab_labels.items()}
address.take("tab", tab_labels["explorer"], list(tab_codes), cast=tab_labels.__getitem__)


def explorer_tab() -> None:
    """One indicator across members: ranking, distribution, quartiles over time, the table."""
    names = dict(zip(options["code"], options[f"name_{lang}"], strict=True))
    by_sex = dict(zip(options["code"], options["by_sex"], strict=True))
    cols = st.columns([3, 1, 1, 1])
    address.take("indicator", next(iter(names)), names)
    indicator = cols[0].selectbox(
        t(lang, "eval.indicator"), list(names), key="indicator", format_func=lambda c: f"{c} · {names[c]}"
    )
    address.keep("indicator", next(iter(names)))
    periods: list[str | None] = [*ui.cached(evaluation.indicator_periods, indicator)] or [None]
    address.take("period", periods[0], periods)
    period = cols[1].selectbox(
        t(lang, "eval.period"), periods, key="period",
        format_func=lambda p: i18n.quarter(lang, p) if p else t(lang, "eval.no_values"),
    )  # fmt: skip
    address.keep("period", periods[0])
    measures = list(evaluation.MEASURES) if by_sex[indicator] else ["total"]
    address.take("measure", "total", measures)
    measure = cols[2].selectbox(
        t(lang, "eval.measure"), measures, key="measure", format_func=lambda m: t(lang, f"eval.measure.{m}")
    )
    address.keep("measure", "total")
    address.take("group", evaluation.GROUPS[0], evaluation.GROUPS)
    group = cols[3].selectbox(
        t(lang, "eval.group"), evaluation.GROUPS, key="group", format_func=lambda g: t(lang, f"eval.group.{g}")
    )
    address.keep("group", evaluation.GROUPS[0])
    if period is None:
        st.info(t(lang, "eval.no_values"))
        period = ""
    title = (
        f"{names[indicator]} · {i18n.quarter(lang, period) if period else ''} · {t(lang, f'eval.measure.{measure}')}"
    )
    st.caption(t(lang, "eval.ranking_help"))
    left, right = st.columns(2)
    with left:
        ui.chart(ui.figure(evaluation.ranking_figure, filters, lang, indicator, period, measure, title), key="ranking")
    with right:
        ui.chart(
            ui.figure(evaluation.distribution_figure, filters, lang, indicator, period, measure, group,
                      t(lang, f"eval.distribution_title.{group}")),
            key="distribution",
        )  # fmt: skip
        ui.chart(
            ui.figure(evaluation.quartiles_figure, filters, lang, indicator, measure, t(lang, "eval.quartiles_title")),
            key="quartiles",
        )
    table = ui.cached(evaluation.explorer_table, filters, lang, indicator, period, measure)
    ui.table(table)
    ui.downloads(table, f"{indicator}-{period}", "explorer")


def matrix_tab() -> None:
    """Members × indicators or principles."""
    matrix_view.matrix_tab(filters, lang, today, base)


def scorecard_tab() -> None:
    """Every member's standing on each principle."""
    st.caption(
        t(lang, "eval.scorecard_help", on_track=i18n.percent(lang, ON_TRACK_THRESHOLD),
          amber=i18n.percent(lang, AMBER_THRESHOLD))
    )  # fmt: skip
    card = ui.cached(evaluation.scorecard_table, filters, lang, today, base)
    # Cell colours cost about 0.2 s per 1,000 members on every run: past a few hundred rows
    # the table is shown plain and the filters narrow it to a coloured view.
    colours = evaluation.scorecard_colours(card, lang) if len(card) <= evaluation.COLOURED_ROWS else None
    if colours is None:
        st.info(t(lang, "eval.scorecard_plain", n=evaluation.COLOURED_ROWS))
    shown, sort_keys = evaluation.scorecard_marked(card, lang)  # a shape beside each score, not colour alone
    ui.table(shown, colours=colours, link=t(lang, "col.plan_link"), link_text=t(lang, "eval.open_plan"),
             sort_keys=sort_keys)  # fmt: skip
    ui.downloads(card, "scorecard", "scorecard")
    # Transparency and access to information beyond the network: published yardsticks to read it against.
    facts_view.reference_figures(("transparency", "access_to_information"), lang)


def results_tab() -> None:
    """Projects completed and opening government, milestones on time, members without a report."""
    address.take("results_by", "principle", ["principle", "cohort"])
    by = st.segmented_control(
        t(lang, "eval.results_by"), ["principle", "cohort"], key="results_by",
        format_func=lambda v: t(lang, f"eval.by_{v}"),
    ) or "principle"  # fmt: skip
    address.keep("results_by", "principle")
    for column, measure, title, key in zip(
        st.columns(2), ("completion", "opened_government"), ("eval.completion_title", "eval.opened_title"),
        ("completion", "opened"), strict=True,
    ):  # fmt: skip
        with column:
            ui.chart(
                ui.figure(evaluation.project_results_figure, filters, lang, today, measure, by, t(lang, title)), key=key
            )
    ui.chart(ui.figure(evaluation.on_time_figure, filters, lang, today, t(lang, "eval.on_time_title")), key="on_time")
    st.subheader(t(lang, "eval.silent_recent_title"))
    address.take("silent", 2, evaluation.SILENT_QUARTERS, cast=int)
    quarters = st.segmented_control(
        t(lang, "eval.silent_quarters"), evaluation.SILENT_QUARTERS, key="silent",
        format_func=lambda n: i18n.number(lang, n),
    ) or 2  # fmt: skip
    address.keep("silent", 2)
    user = ui.signed_in_user()
    contacts = user is not None and user.role in evaluation.CONTACT_ROLES
    silent = ui.cached(evaluation.silent_members, filters, lang, today, quarters, base, contacts)
    last = last_complete_quarter(today)
    st.caption(
        t(lang, "eval.silent_since", first=i18n.quarter(lang, shift_quarter(last, 1 - quarters)),
          last=i18n.quarter(lang, last), members=i18n.number(lang, len(silent)))
    )  # fmt: skip
    if not contacts:
        st.caption(t(lang, "eval.silent_contacts_hidden"))
    ui.table(silent, link=t(lang, "col.member_page"), link_text=t(lang, "eval.open_plan"))
    ui.downloads(silent, f"members-without-report-{quarters}-quarters", "silent")


def completeness_tab() -> None:
    """Who reports what: the reporting rate, the heat map and its table."""
    st.caption(t(lang, "eval.completeness_help"))
    ui.chart(ui.figure(evaluation.reporting_rate_figure, filters, lang, today, t(lang, "eval.rate_title")), key="rate")
    ui.chart(
        ui.figure(evaluation.completeness_figure, filters, lang, today, t(lang, "eval.heatmap_title")), key="heatmap"
    )
    # The table behind the heat map, every member (the heat map labels only the least complete).
    st.subheader(t(lang, "eval.completeness_table_title"))
    gaps = ui.cached(evaluation.completeness_table, filters, lang, today)
    ui.table(gaps)
    ui.downloads(gaps, "completeness", "completeness")


def commitments_tab() -> None:
    """The OGP commitments of the network's members."""
    ogp_view.commitments_tab(filters, lang)


def learning_tab() -> None:
    """What the members' projects taught, across the network, by principle."""
    learning_view.network_notes(lang)


VIEWS = {
    "explorer": explorer_tab,
    "matrix": matrix_tab,
    "scorecard": scorecard_tab,
    "results": results_tab,
    "completeness": completeness_tab,
    "commitments": commitments_tab,
    "learning": learning_tab,
}
containers = st.tabs(list(tab_codes), key="tab", on_change="rerun")
address.keep("tab", tab_labels["explorer"], tab_codes.__getitem__)
for code, container in zip(TABS, containers, strict=True):
    with container:
        if container.open:  # a tab not chosen is neither computed nor sent
            VIEWS[code]()
