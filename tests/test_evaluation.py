"""The evaluators' view: scorecard arithmetic, quartiles, completeness, on a hand-made network."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mel import evaluation, i18n, vocabulary
from mel.build import build
from mel.db import Reader, write_connection
from mel.filters import Filters
from mel.imports import members as members_import
from tests.helpers import NEXT_OBSERVATION_ID as NEXT_ID
from tests.helpers import import_plan, plan_rows

TODAY = date(2026, 11, 23)
A, B, C = "04.281.01.01", "04.441.01.08", "04.281.01.11"


@pytest.fixture()
def eval_db(tmp_path: Path) -> Path:
    """Three communes with plans adopted in January 2026 and a few known values."""
    path = build(tmp_path / "eval.duckdb", mode="empty", progress=lambda _: None)
    rows = f"member_code,kind,joined_on,cohort\n{A},commune,2024-02-19,2\n{B},commune,2024-02-19,2\n"
    rows += f"{C},commune,2024-02-19,2\n"
    members_import.import_members(rows.encode(), "m.csv", "test", path, TODAY)
    for code in (A, B, C):
        plan = plan_rows(code, "2026-01-15", "2027-12-31")
        plan["plan"][0]["co_created_on"] = date(2025, 10, 1)
        import_plan(path, plan, TODAY)
    with write_connection(path) as con:
        values = [
            (A, "TRA-01", 90.0),  # baseline 35, target 90: on track
            (A, "TRA-02", 40.0),  # baseline 40, target 95: not
            (A, "ATI-01", 90.0),  # baseline 50, target 90: on track
            (B, "TRA-01", 35.0),  # at baseline: not
        ]
        for code, indicator, value in values:
            con.execute(
                "INSERT INTO core.observations (observation_id, indicator_code, member_code, period, period_start, "
                "sex, value, version, recorded_by, is_demo) VALUES ("
                + NEXT_ID
                + ", ?, ?, '2026-Q3', '2026-07-01', 'total', ?, 1, "
                "'test', FALSE)",
                [indicator, code, value],
            )
    return path


def test_scorecard_arithmetic(eval_db: Path) -> None:
    card = evaluation.scorecard(Reader(eval_db), Filters(), TODAY).set_index("member_code")
    assert card.loc[A, "transparency"] == pytest.approx(0.5)
    assert card.loc[A, "access_to_information"] == pytest.approx(1.0)
    assert card.loc[A, "overall"] == pytest.approx(2 / 3)
    assert card.loc[B, "transparency"] == 0 and card.loc[B, "overall"] == 0
    assert card.index[0] == A  # sorted by overall share
    assert C not in card.index  # no values, no score
    table = evaluation.scorecard_table(Reader(eval_db), Filters(), "en", TODAY)
    colours = evaluation.scorecard_colours(table, "en")
    assert vocabulary.RAG_TINTS["green"] in colours.iloc[0]["Access to information"]
    assert vocabulary.RAG_TINTS["amber"] in colours.iloc[0]["Transparency and accountability"]  # 50 %
    assert vocabulary.RAG_TINTS["red"] in colours.iloc[1]["All indicators"]  # 0 %
    shown, keys = evaluation.scorecard_marked(table, "en")  # a shape beside each colour, the number to sort by
    assert shown.iloc[0]["Access to information"].startswith(vocabulary.RAG_ICONS["green"])
    assert shown.iloc[1]["All indicators"].startswith(vocabulary.RAG_ICONS["red"])
    assert keys.iloc[1]["All indicators"] == 0


def test_quartiles(eval_db: Path) -> None:
    frame = evaluation.quartiles(Reader(eval_db), Filters(), "TRA-01", "total")
    row = frame.iloc[0]
    assert row["period"] == "2026-Q3" and row["members"] == 2
    assert row["median"] == pytest.approx(62.5)
    assert row["q1"] == pytest.approx(35 + 0.25 * 55) and row["q3"] == pytest.approx(35 + 0.75 * 55)


def test_completeness_with_known_gaps(eval_db: Path) -> None:
    frame = evaluation.completeness(Reader(eval_db), Filters(), TODAY)
    expected = 17 + 4 * 3  # 21 indicators, four of them by sex
    assert set(frame["expected"]) == {expected}
    assert sorted(frame["period"].unique()) == ["2026-Q1", "2026-Q2", "2026-Q3"]
    got = frame.set_index(["member_code", "period"])["reported"]
    assert got[(A, "2026-Q3")] == 3 and got[(A, "2026-Q1")] == 0 and got[(B, "2026-Q3")] == 1
    rate = evaluation.reporting_rate(Reader(eval_db), Filters(), TODAY).set_index("period")["rate"]
    assert rate["2026-Q3"] == pytest.approx(4 / (3 * expected)) and rate["2026-Q1"] == 0
    silent = evaluation.silent_members(Reader(eval_db), Filters(), "en", TODAY)
    assert list(silent["HCP code"]) == [C]


def test_explorer_on_the_demo_network(reader: Reader) -> None:
    frame = evaluation.explorer_values(reader, Filters(), "PAR-03", "2026-Q2", "gap")
    assert (frame["gap"] == frame["women"] - frame["men"]).all()
    assert frame["value"].is_monotonic_decreasing
    for lang in i18n.LANGUAGES:
        fig = evaluation.ranking_figure(reader, Filters(), lang, "ATI-01", "2026-Q2", "total", "x")
        members = len(evaluation.explorer_values(reader, Filters(), "ATI-01", "2026-Q2", "total"))
        assert len(fig.data[0].x) == (members if members <= 40 else 30)  # past 40: its first and last 15
        for group in evaluation.GROUPS:
            evaluation.distribution_figure(reader, Filters(), lang, "ATI-01", "2026-Q2", "total", group, "x")
    table = evaluation.explorer_table(reader, Filters(), "fr", "ATI-01", "2026-Q2", "total")
    assert "Femmes" not in table.columns  # not recorded by sex
    sexed = evaluation.explorer_table(reader, Filters(), "fr", "PAR-03", "2026-Q2", "total")
    assert "Femmes" in sexed.columns


def test_many_members_show_only_their_outliers_as_dots(reader: Reader, monkeypatch: pytest.MonkeyPatch) -> None:
    few = evaluation.distribution_figure(reader, Filters(), "fr", "ATI-01", "2026-Q2", "total", "region", "x")
    assert few.data[0].boxpoints == "all"
    monkeypatch.setattr(evaluation.charts, "POINTS_SHOWN", 10)  # the demo's members are more than ten
    many = evaluation.distribution_figure(reader, Filters(), "fr", "ATI-01", "2026-Q2", "total", "region", "x")
    assert many.data[0].boxpoints == "outliers"


def test_programme_results_on_the_demo_network(reader: Reader) -> None:
    frame = evaluation.project_results(reader, Filters(), TODAY)
    assert set(frame["completion"]) <= {*evaluation.COMPLETION_ORDER}
    for lang in i18n.LANGUAGES:
        for measure in ("completion", "opened_government"):
            for by in ("principle", "cohort"):
                fig = evaluation.project_results_figure(reader, Filters(), lang, TODAY, measure, by, "x")
                assert fig.data
        on_time = evaluation.on_time_figure(reader, Filters(), lang, TODAY, "x")
        assert all(0 <= v <= 1 for v in on_time.data[0].y)
