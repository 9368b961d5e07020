"""Evaluators' view: compare members on any indicator, scorecards, programme results, completeness."""

import streamlit as st

import ui
from mel import evaluation, i18n
from mel.i18n import t
from mel.metrics import AMBER_THRESHOLD, ON_TRACK_THRESHOLD

lang, filters, today = ui.page_start("eval")
options = ui.cached(evaluation.indicator_options)

explorer, scorecard, results, complete = st.tabs(
    [t(lang, "eval.tab_explorer"), t(lang, "eval.tab_scorecard"), t(lang, "eval.tab_results"),
     t(lang, "eval.tab_completeness")]
)  # fmt: skip

with explorer:
    names = dict(zip(options["code"], options[f"name_{lang}"], strict=True))
    by_sex = dict(zip(options["code"], options["by_sex"], strict=True))
    cols = st.columns([3, 1, 1, 1])
    indicator = cols[0].selectbox(
        t(lang, "eval.indicator"), list(names), key="eval_indicator", format_func=lambda c: f"{c} · {names[c]}"
    )
    periods = ui.cached(evaluation.indicator_periods, indicator) or [None]
    period = cols[1].selectbox(
        t(lang, "eval.period"), periods, key="eval_period",
        format_func=lambda p: i18n.quarter(lang, p) if p else t(lang, "eval.no_values"),
    )  # fmt: skip
    measures = list(evaluation.MEASURES) if by_sex[indicator] else ["total"]
    measure = cols[2].selectbox(
        t(lang, "eval.measure"), measures, key="eval_measure", format_func=lambda m: t(lang, f"eval.measure.{m}")
    )
    group = cols[3].selectbox(
        t(lang, "eval.group"), evaluation.GROUPS, key="eval_group", format_func=lambda g: t(lang, f"eval.group.{g}")
    )
    if period is None:
        st.info(t(lang, "eval.no_values"))
        period = ""
    title = (
        f"{names[indicator]} · {i18n.quarter(lang, period) if period else ''} · {t(lang, f'eval.measure.{measure}')}"
    )
    st.caption(t(lang, "eval.ranking_help"))
    left, right = st.columns(2)
    with left:
        st.plotly_chart(
            ui.figure(evaluation.ranking_figure, filters, lang, indicator, period, measure, title), key="ranking"
        )
    with right:
        st.plotly_chart(
            ui.figure(evaluation.distribution_figure, filters, lang, indicator, period, measure, group,
                      t(lang, "eval.distribution_title", group=t(lang, f"eval.group.{group}"))),
            key="distribution",
        )  # fmt: skip
        st.plotly_chart(
            ui.figure(evaluation.quartiles_figure, filters, lang, indicator, measure, t(lang, "eval.quartiles_title")),
            key="quartiles",
        )
    table = ui.cached(evaluation.explorer_table, filters, lang, indicator, period, measure)
    ui.table(table)
    ui.downloads(table, f"{indicator}-{period}", "explorer")

with scorecard:
    st.caption(
        t(lang, "eval.scorecard_help", on_track=i18n.percent(lang, ON_TRACK_THRESHOLD),
          amber=i18n.percent(lang, AMBER_THRESHOLD))
    )  # fmt: skip
    card = ui.cached(evaluation.scorecard_table, filters, lang, today)
    # Cell colours cost about 0.2 s per 1,000 members on every run: past a few hundred rows
    # the table is shown plain and the filters narrow it to a coloured view.
    colours = evaluation.scorecard_colours(card, lang) if len(card) <= evaluation.COLOURED_ROWS else None
    if colours is None:
        st.info(t(lang, "eval.scorecard_plain", n=i18n.number(lang, evaluation.COLOURED_ROWS)))
    ui.table(card, colours=colours, link=t(lang, "col.plan_link"), link_text=t(lang, "eval.open_plan"))
    ui.downloads(card, "scorecard", "scorecard")

with results:
    by = st.segmented_control(
        t(lang, "eval.results_by"), ["principle", "cohort"], default="principle", key="results_by",
        format_func=lambda v: t(lang, f"eval.by_{v}"),
    ) or "principle"  # fmt: skip
    for column, measure, title, key in zip(
        st.columns(2), ("completion", "opened_government"), ("eval.completion_title", "eval.opened_title"),
        ("completion", "opened"), strict=True,
    ):  # fmt: skip
        with column:
            st.plotly_chart(
                ui.figure(evaluation.project_results_figure, filters, lang, measure, by, t(lang, title)), key=key
            )
    st.plotly_chart(
        ui.figure(evaluation.on_time_figure, filters, lang, today, t(lang, "eval.on_time_title")), key="on_time"
    )
    st.subheader(t(lang, "eval.silent_title"))
    silent = ui.cached(evaluation.silent_members, filters, lang, today)
    st.caption(t(lang, "eval.silent_help", n=i18n.number(lang, len(silent))))
    ui.table(silent)
    ui.downloads(silent, "members-without-report", "silent")

with complete:
    st.caption(t(lang, "eval.completeness_help"))
    st.plotly_chart(
        ui.figure(evaluation.reporting_rate_figure, filters, lang, today, t(lang, "eval.rate_title")), key="rate"
    )
    st.plotly_chart(
        ui.figure(evaluation.completeness_figure, filters, lang, today, t(lang, "eval.heatmap_title")), key="heatmap"
    )
    gaps = ui.cached(evaluation.completeness_table, filters, lang, today)
    ui.downloads(gaps, "completeness", "completeness")
