"""The evaluator's matrix on a hand-made network: windows, the as-of rule, the status after
rounding at exactly the thresholds, summary rows, absolute links; members without a report with
their focal point's contact."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from mel import evaluation, links, matrix, matrix_tables
from mel.build import build
from mel.db import Reader, write_connection
from mel.filters import Filters
from mel.i18n import t
from mel.imports import members as members_import
from mel.matrix import Window
from tests.helpers import NEXT_OBSERVATION_ID as NEXT_ID
from tests.helpers import import_plan, plan_rows
from ui import tables

TODAY = date(2026, 11, 23)  # the last complete quarter is 2026-Q3
A, B, C = "04.281.01.01", "04.441.01.08", "04.281.01.11"  # Rabat-Salé-Kénitra
D = "01.051.07.05"  # Tanger-Tétouan-Al Hoceima
BASE = "https://mel.example.org"
# (member, indicator, period, value); ATI-01's network baseline is 50 and target 90.
VALUES = [
    (A, "ATI-01", "2026-Q3", 79.8),  # 74.5 % of the way: shown as 75 %, on track
    (A, "ATI-01", "2025-Q4", 90.0),  # older than this year's
    (A, "ATI-03", "2026-Q2", 40.0),  # baseline 5, target 40: reached, one quarter old
    (B, "ATI-01", "2026-Q3", 79.6),  # 74 %: at risk
    (C, "ATI-01", "2025-Q4", 90.0),  # last year only
    (C, "ATI-01", "2027-Q1", 10.0),  # dated after today: never counted
    (D, "ATI-01", "2026-Q1", 65.8),  # 39.5 %: shown as 40 %, at risk; two quarters old
    (D, "ATI-02", "2026-Q2", 5.0),  # D's own baseline 0 and target 10: half way (the network's: 6 %)
]


@pytest.fixture(scope="module")
def matrix_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four communes with plans adopted in January 2026; C's plan names its focal point."""
    path = build(tmp_path_factory.mktemp("matrix") / "matrix.duckdb", mode="empty", progress=lambda _: None)
    rows = "member_code,kind,joined_on,cohort\n" + "".join(f"{c},commune,2024-02-19,2\n" for c in (A, B, C, D))
    members_import.import_members(rows.encode(), "m.csv", "test", path, TODAY)
    for code in (A, B, C, D):
        plan = plan_rows(code, "2026-01-15", "2027-12-31")
        plan["plan"][0]["co_created_on"] = date(2025, 10, 1)
        if code == C:
            plan["plan"][0].update(focal_point_name="Salma Idrissi", focal_point_email="salma@example.org",
                                   focal_point_phone="+212 600 000 000")  # fmt: skip
        if code == D:
            plan["targets"] = [{"indicator_code": "ATI-02", "baseline_value": 0.0, "target_value": 10.0,
                                "target_on": date(2027, 12, 31), "source": "test", "demo": False}]  # fmt: skip
        import_plan(path, plan, TODAY)
    with write_connection(path) as con:
        for code, indicator, period, value in VALUES:
            year, quarter = int(period[:4]), int(period[-1])
            con.execute(
                "INSERT INTO core.observations (observation_id, indicator_code, member_code, period, period_start, "
                "sex, value, version, recorded_by, is_demo) VALUES ("
                + NEXT_ID
                + ", ?, ?, ?, ?, 'total', ?, 1, 'test', FALSE)",
                [indicator, code, period, date(year, 3 * quarter - 2, 1), value],
            )
    return path


def cells(path: Path, window: Window, columns: str = "access_to_information", today: date = TODAY) -> pd.DataFrame:
    frame = matrix.matrix(Reader(path), Filters(), today, window, columns)
    return frame.set_index(["member_code", "column"])


def test_windows() -> None:
    assert matrix.window_for("year", TODAY) == Window("2026-Q1", "2026-Q3")
    assert matrix.window_for("four_quarters", TODAY).quarters == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    assert matrix.window_for("range", TODAY, "2026-Q2", "2025-Q1") == Window("2025-Q1", "2026-Q2")
    assert matrix.window_for("year", date(2026, 2, 10)).quarters == []  # no quarter of 2026 complete yet
    assert matrix.quarter_options(TODAY)[:2] == ["2026-Q4", "2026-Q3"]
    assert matrix.quarter_options(TODAY)[-1] == "2022-Q4"  # the network's first quarter
    with pytest.raises(ValueError):
        matrix.window_for("range", TODAY)


def test_this_year_and_the_last_four_quarters(matrix_db: Path) -> None:
    year = cells(matrix_db, matrix.window_for("year", TODAY))
    assert len(year) == 4 * 4  # every member in view, each ATI indicator, with or without a value
    assert year.loc[(A, "ATI-01"), "value"] == 79.8 and year.loc[(A, "ATI-01"), "age"] == 0
    assert year.loc[(A, "ATI-03"), "age"] == 1
    assert pd.isna(year.loc[(C, "ATI-01"), "value"]) and year.loc[(C, "ATI-01"), "rag"] == "grey"
    four = cells(matrix_db, matrix.window_for("four_quarters", TODAY))
    assert four.loc[(C, "ATI-01"), "value"] == 90.0 and four.loc[(C, "ATI-01"), "age"] == 3


def test_nothing_dated_after_today_counts(matrix_db: Path) -> None:
    window = matrix.window_for("range", TODAY, "2026-Q1", "2027-Q1")
    assert pd.isna(cells(matrix_db, window).loc[(C, "ATI-01"), "value"])
    later = cells(matrix_db, window, today=date(2027, 4, 10))
    assert later.loc[(C, "ATI-01"), "value"] == 10.0 and later.loc[(C, "ATI-01"), "period"] == "2027-Q1"


def test_the_status_follows_the_share_as_shown(matrix_db: Path) -> None:
    year = cells(matrix_db, matrix.window_for("year", TODAY))
    assert year.loc[(A, "ATI-01"), "share"] == 0.75 and year.loc[(A, "ATI-01"), "rag"] == "green"
    assert year.loc[(B, "ATI-01"), "share"] == 0.74 and year.loc[(B, "ATI-01"), "rag"] == "amber"
    assert year.loc[(D, "ATI-01"), "share"] == 0.40 and year.loc[(D, "ATI-01"), "rag"] == "amber"
    assert year.loc[(D, "ATI-02"), "share"] == 0.5  # the member's own baseline and target
    assert matrix.shown_share(0.7449) == 0.74 and matrix.shown_share(0.7449999999) == 0.75  # float noise: 74.5 %
    view = matrix_tables.matrix_view(
        Reader(matrix_db), Filters(), "fr", TODAY, Window("2026-Q1", "2026-Q3"), "access_to_information"
    )
    label = next(c for c in view.table.columns if c.startswith("ATI-01"))
    row = {code: i for i, code in enumerate(view.table[t("fr", "col.code")])}
    assert view.table.loc[row[A], label] == "● 75%" and view.table.loc[row[B], label] == "◐ 74%"
    assert view.table.loc[row[C], label] == ""  # no value: an empty cell
    assert t("fr", "rag.green") in view.titles.loc[row[A], label]  # the status in words too
    assert "italic" in view.styles.loc[row[D], label] and "italic" not in view.styles.loc[row[A], label]
    html = tables.table_html(view.table, "fr", colours=view.styles, sort_keys=view.sort_keys, titles=view.titles,
                             row_links=matrix_tables.LINK)  # fmt: skip
    assert 'data-sort="0.75"' in html and 'title="Sur la bonne voie' in html  # sorted by the number
    assert f'href="/plan?member={A}&amp;lang=fr" target="_self"' in html  # the name opens the member's page


def test_one_column_per_principle(matrix_db: Path) -> None:
    year = cells(matrix_db, matrix.window_for("year", TODAY), "principles")
    access = year.xs("access_to_information", level="column")
    assert access.loc[A, "share"] == 1.0 and access.loc[A, "indicators"] == 2 and access.loc[A, "age"] == 1
    assert access.loc[B, "share"] == 0 and access.loc[B, "rag"] == "red"
    assert access.loc[D, "indicators"] == 2 and access.loc[D, "age"] == 2  # the oldest value counted
    assert pd.isna(access.loc[C, "share"])
    assert set(year.index.get_level_values("column")) == {*matrix.PRINCIPLES.codes}


def test_summary_by_region(matrix_db: Path) -> None:
    frame = matrix.matrix(
        Reader(matrix_db), Filters(), TODAY, matrix.window_for("year", TODAY), "access_to_information"
    )
    summary = matrix.summary(frame, "region").set_index(["region_code", "column"])
    network = summary.loc[(None, "ATI-01")]  # all members in view first
    assert (network["members"], network["on_track"], network["rag"]) == (3, 1, "red")  # A, B, D with a value
    assert summary.loc[("04", "ATI-01"), "share"] == 0.5 and summary.loc[("04", "ATI-01"), "rag"] == "amber"
    assert summary.loc[("01", "ATI-01"), "on_track"] == 0
    assert matrix.summary(frame, "none").empty
    shown = matrix_tables.summary_view(
        Reader(matrix_db), Filters(), "en", TODAY, Window("2026-Q1", "2026-Q3"), "access_to_information", "region"
    )
    assert list(shown.table.iloc[:, 0]) == ["All members in view", "Tanger-Tétouan-Al Hoceima", "Rabat-Salé-Kénitra"]
    assert shown.table.columns[0] == t("en", "matrix.summary_header")  # says what the figure is


def test_downloads_carry_absolute_links_with_the_view(matrix_db: Path) -> None:
    view = Filters(regions=("04",), cohorts=(2,))
    frame = matrix_tables.matrix_download(
        Reader(matrix_db), view, "fr", TODAY, Window("2026-Q1", "2026-Q3"), "access_to_information", BASE
    )
    for key in ("col.code", "col.name", "col.region", "col.kind", "col.cohort", "col.member_page"):
        assert t("fr", key) in frame.columns
    assert set(frame[t("fr", "col.code")]) == {A, B, C}
    link = frame.set_index(t("fr", "col.code")).loc[A, t("fr", "col.member_page")]
    assert link == f"{BASE}/plan?member={A}&lang=fr&region=04&cohort=2"
    status = next(c for c in frame.columns if c.startswith("ATI-01") and c.endswith(t("fr", "matrix.field.status")))
    assert t("fr", "rag.green") in set(frame[status])
    card = evaluation.scorecard_table(Reader(matrix_db), view, "en", TODAY, BASE)
    assert {"HCP code", "Region", "Kind", "Cohort"} <= set(card.columns)
    assert card["Programme"].str.startswith(f"{BASE}/plan?member=").all()
    assert links.member_page("", "ar", Filters(kinds=("commune",)), A) == f"/plan?member={A}&lang=ar&kind=commune"


def test_members_without_a_report_with_their_focal_point(matrix_db: Path) -> None:
    silent = evaluation.silent_members(Reader(matrix_db), Filters(), "en", TODAY, 2, BASE, contacts=True)
    assert list(silent["HCP code"]) == [C]  # A and B reported in 2026-Q3, D in 2026-Q2
    row = silent.iloc[0]
    assert row["Region"] == "Rabat-Salé-Kénitra" and row["Focal point"] == "Salma Idrissi"
    assert row["E-mail"] == "salma@example.org" and row["Phone"] == "+212 600 000 000"
    assert row["Member's page"] == f"{BASE}/plan?member={C}&lang=en"
    quiet = evaluation.silent_members(Reader(matrix_db), Filters(), "en", TODAY, 1, BASE)
    assert set(quiet["HCP code"]) == {C, D} and "E-mail" not in quiet.columns  # contacts only when allowed
    assert evaluation.silent_members(Reader(matrix_db), Filters(), "en", TODAY, 4).empty  # adopted 3 quarters ago
