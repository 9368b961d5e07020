"""Charts that read: the rules each figure keeps in every language, and no category left out.

Overlapping labels cannot be tested here (``scripts/chart_gallery.py`` draws every chart to look
at); these are the concrete rules behind readable charts.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from mel import auth, charts, evaluation, gender, headline, i18n, plan, vocabulary
from mel.assessments import record_assessment
from mel.db import Reader
from mel.filters import Filters
from mel.metrics import rag_as_shown, shown_share

TODAY = date(2026, 11, 23)
KENITRA = "04.281.01.01"


def _flat(label: str) -> str:
    """A category label without the line breaks a chart puts in it (nor spaces, nor marks)."""
    return re.sub(rf"<br>|\s|{i18n.RLM}", "", label)


def test_a_colour_follows_the_value_as_shown() -> None:
    assert rag_as_shown(0.7496) == "green"  # shown as 75 %, the on-track threshold
    assert rag_as_shown(0.7449) == "amber"  # shown as 74 %
    assert rag_as_shown(0.3996) == "amber" and rag_as_shown(0.3949) == "red"
    assert rag_as_shown(0.7496, digits=1) == "green" and rag_as_shown(0.74949, digits=1) == "amber"
    assert rag_as_shown(None) == "grey" and rag_as_shown(float("nan")) == "grey"
    assert i18n.percent("en", 0.745) == "75%" and shown_share(0.745) == 0.75  # rounded as displayed, halves up


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_comparison_axis_reaches_every_value(reader: Reader, lang: str) -> None:
    fig = plan.comparison_figure(reader, KENITRA, lang, TODAY)
    frame = plan.comparison(reader, KENITRA, TODAY)
    values = [float(v) for c in ("a_q1", "a_q3", "a_median", "member_achievement") for v in frame[c].dropna()]
    assert max(values) > 1.2  # Kénitra is past its target somewhere: the old axis stopped at 120 %
    low, high = sorted(fig.layout.xaxis.range)  # reversed in Arabic
    assert low <= min(values) and high >= max(values) and low <= 0 and high >= 1
    drawn = [x for trace in fig.data for x in trace.x if x is not None]
    assert max(drawn) == pytest.approx(max(values))  # nothing is cut to fit the axis


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_a_long_ranking_shows_its_top_and_bottom(reader: Reader, lang: str) -> None:
    members = evaluation.explorer_values(reader, Filters(), "ATI-01", "2026-Q2", "total")
    assert len(members) > charts.RANKING_LIMIT
    fig = evaluation.ranking_figure(reader, Filters(), lang, "ATI-01", "2026-Q2", "total", "x")
    expected = charts.member_labels(lang, members)
    assert list(fig.data[0].y) == expected[:15] + expected[-15:]
    note = i18n.t(lang, "chart.top_bottom", shown="15", total=i18n.number(lang, len(members)))
    assert note in fig.layout.title.text
    ranking = gender.ranking_figure(reader, Filters(), lang, TODAY, "x")
    assert len(ranking.data[0].y) == 2 * charts.RANKING_EACH
    # A short ranking is drawn whole, without the note.
    short = gender.ranking_figure(reader, Filters(regions=("11",)), lang, TODAY, "x")
    shown = gender.participation_by_member(reader, Filters(regions=("11",)), TODAY)
    assert len(short.data[0].y) == int((shown["participants"] >= 5).sum()) <= charts.RANKING_LIMIT
    assert "<span" not in (short.layout.title.text or "")


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_heat_map_labels_every_row_it_draws(reader: Reader, lang: str) -> None:
    fig = evaluation.completeness_figure(reader, Filters(), lang, TODAY, "x")
    heat = fig.data[0]
    assert len(heat.z) == len(heat.y) == evaluation.HEATMAP_ROWS
    assert list(fig.layout.yaxis.tickvals) == list(heat.y) == list(fig.layout.yaxis.ticktext)
    assert fig.layout.yaxis.tickfont.size >= 11
    members = evaluation.completeness(reader, Filters(), TODAY)["member_code"].nunique()
    assert i18n.t(lang, "chart.least_complete", shown="40", total=i18n.number(lang, members)) in fig.layout.title.text
    # The table under it has every member, the least complete first, as the heat map.
    table = evaluation.completeness_table(reader, Filters(), lang, TODAY)
    codes = list(dict.fromkeys(table[i18n.t(lang, "col.code")]))
    assert len(codes) == members
    assert [re.findall(r"\(([\d.]+)\)", label)[0] for label in heat.y] == codes[: evaluation.HEATMAP_ROWS]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_event_kind_present_is_charted(reader: Reader, lang: str) -> None:
    kinds = (
        reader.cursor()
        .execute(
            "SELECT DISTINCT kind FROM participation WHERE kind <> ? AND held_on <= ?",
            [vocabulary.NETWORK_EVENT, TODAY],
        )
        .fetchall()
    )
    present = {kind for (kind,) in kinds}
    assert present == set(vocabulary.EVENT_KINDS.codes)
    fig = gender.by_event_kind_figure(reader, Filters(), lang, TODAY, "x")
    assert {_flat(x) for x in fig.data[0].x} == {_flat(vocabulary.EVENT_KINDS.label(lang, k)) for k in present}
    over_time = gender.over_time_figure(reader, Filters(), lang, TODAY, "x")
    assert {trace.name for trace in over_time.data} == {vocabulary.EVENT_KINDS.label(lang, k) for k in present}


def test_every_assessment_level_present_is_charted(fresh_db: Path) -> None:
    reader = Reader(fresh_db)
    projects = reader.cursor().execute("SELECT project_id FROM projects ORDER BY project_id LIMIT 2").fetchall()
    operator = auth.command_line("test")
    record_assessment(operator, projects[0][0], "no_evidence", "worsened", None, fresh_db)
    record_assessment(operator, projects[1][0], None, None, None, fresh_db)  # not assessed yet
    reader = Reader(fresh_db)
    frame = evaluation.project_results(reader, Filters(), TODAY)
    assert "no_evidence" in set(frame["completion"]) and "worsened" in set(frame["opened_government"])
    for lang in i18n.LANGUAGES:
        for measure, scale in (
            ("completion", vocabulary.COMPLETION),
            ("opened_government", vocabulary.OPENED_GOVERNMENT),
        ):
            expected = {
                i18n.t(lang, "eval.not_assessed") if level == evaluation.NOT_ASSESSED else scale.label(lang, level)
                for level in set(frame[measure])
            }
            for by in ("principle", "cohort"):
                fig = evaluation.project_results_figure(reader, Filters(), lang, TODAY, measure, by, "x")
                assert {trace.name for trace in fig.data} == expected, (lang, measure, by)
                names = [trace.name for trace in fig.data]  # in the scale's order
                order = [i18n.t(lang, "eval.not_assessed"), *scale.labels(lang).values()]
                assert names == [name for name in order if name in names]


def test_every_project_status_present_is_counted(reader: Reader) -> None:
    statuses = dict(reader.cursor().execute("SELECT status, count(*) FROM projects GROUP BY status").fetchall())
    assert set(statuses) <= set(vocabulary.PROJECT_STATUSES.codes)
    figures = headline.headline(reader, Filters(), TODAY)
    standings = figures.projects_by_standing
    assert list(standings) == list(vocabulary.PROJECT_STANDINGS.codes)
    assert sum(standings.values()) == figures.projects_total == sum(statuses.values())
    assert standings["done"] == statuses.get("completed", 0)
    assert standings["suspended"] == statuses.get("suspended", 0)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_chart_table_holds_the_figures_drawn(reader: Reader, lang: str) -> None:
    """The table under a chart (its text alternative) holds every point, in the language: shares as
    percentages, a Gantt bar as its span of days, a heat map's blank cells left out."""
    from mel import overview
    from mel.chart_tables import figure_table

    today = date(2026, 11, 1)
    principles = figure_table(overview.principle_figure(reader, Filters(), lang, today), lang)
    assert len(principles) == len(vocabulary.PRINCIPLES.codes) * len(vocabulary.INDICATOR_STANDINGS.codes)
    assert principles.iloc[:, 2].str.contains("%").all()
    header = plan.plan_header(reader, "04.281.01.01", None)
    assert header is not None
    gantt = figure_table(plan.gantt_figure(reader, int(header["plan_id"]), lang, today), lang)
    assert gantt.iloc[:, -2].astype(str).str.contains("–").any()
    heat = figure_table(evaluation.completeness_figure(reader, Filters(), lang, today, "T"), lang)
    assert heat.iloc[:, -1].notna().all()
