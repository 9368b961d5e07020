"""OGP Local members and OGP commitments: the shipped facts, the database, the table, the pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from mel import i18n, ogp
from mel.db import Reader
from mel.filters import Filters
from mel.paths import DATA_DIR
from tests.helpers import shown_tables
from tests.test_pages import run_page
from ui.tables import table_html

OGP_LOCAL = {  # HCP code: (since, precision, estimated)
    "01": (date(2020, 10, 1), "month", False),
    "01.571.01.11": (date(2022, 5, 17), "day", False),
    "05": (date(2022, 1, 1), "year", True),
    "02": (date(2024, 4, 16), "day", False),
    "09": (date(2024, 4, 16), "day", False),
    "08": (date(2024, 4, 16), "day", False),
    "11": (date(2024, 4, 16), "day", False),
    "09.001.01.01": (date(2024, 4, 16), "day", False),
}
NATIONAL = {"MO0045", "MO0054", "MO0065"}
OGP_SITE = "https://www.opengovpartnership.org/"


@pytest.mark.parametrize("name", ogp.OGP_FILES)
def test_every_row_of_the_ogp_files_has_a_source(name: str) -> None:
    frame = pd.read_csv(DATA_DIR / name, dtype=str, keep_default_na=False)
    assert len(frame) and (frame["source"].str.strip() != "").all()
    for column in ("source_url", "ogp_page_url", "url"):
        if column in frame.columns:  # a link, where there is one, is an absolute web address
            assert frame[column].map(lambda u: u == "" or u.startswith(("https://", "http://"))).all()


def test_commitment_dates_are_first_of_the_month_when_known_to_the_month() -> None:
    frame = ogp.commitments()
    monthly = frame[frame["date_precision"] == "month"]
    assert len(monthly) == 5
    assert all(d.day == 1 for column in ("start_on", "end_on") for d in monthly[column])
    assert set(frame.loc[frame["start_on"].isna(), "commitment_id"]) == NATIONAL  # unknown: left empty


def test_the_eight_ogp_local_members_are_in_the_database(reader: Reader) -> None:
    rows = (
        reader.cursor()
        .execute("SELECT collectivity_code, member_since, date_precision, date_estimated FROM core.ogp_local")
        .fetchall()
    )
    assert {code: (since, precision, estimated) for code, since, precision, estimated in rows} == OGP_LOCAL
    since = dict(
        reader.cursor()
        .execute("SELECT member_code, ogp_local_since FROM members WHERE ogp_local_since IS NOT NULL")
        .fetchall()
    )
    assert since["01.571.01.11"] == date(2022, 5, 17) and since["01"] == date(2020, 10, 1)


def test_national_commitments_are_stored_as_national(reader: Reader) -> None:
    rows = (
        reader.cursor()
        .execute("SELECT commitment_id, action_plan, collectivity_code FROM ogp_commitments WHERE scope = 'national'")
        .fetchall()
    )
    assert {r[0] for r in rows} == NATIONAL and all(r[2] is None for r in rows)
    assert dict((r[0], r[1]) for r in rows) == {"MO0045": "2021-2023", "MO0054": "2024-2027", "MO0065": "2024-2027"}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_commitments_table_columns_links_and_cells(reader: Reader, lang: str) -> None:
    table = ogp.commitments_table(reader, Filters(), lang)
    assert list(table.columns) == [i18n.t(lang, f"ogp.col.{c}") for c in ogp.COMMITMENT_COLUMNS]
    links = table[i18n.t(lang, "ogp.col.link")]
    assert links.str.startswith(OGP_SITE).all()
    assert all(f"/commitments/{c}/" in u for c, u in zip(table.iloc[:, 0], links, strict=True))
    cells = {str(v) for v in table.to_numpy().ravel()}
    assert not cells & {"None", "nan", "NaT", "<NA>", "NaN"}
    national = table[table[i18n.t(lang, "ogp.col.member")] == i18n.t(lang, "ogp.national_member")]
    assert set(national.iloc[:, 0]) == NATIONAL


def test_dates_show_as_month_and_year(reader: Reader) -> None:
    table = ogp.commitments_table(reader, Filters(), "en").set_index("Commitment")
    assert (table.loc["MATTH0017", "Start"], table.loc["MATTH0017", "End"]) == ("May 2025", "December 2026")
    assert table.loc["MATTH0017", "OGP values"] == "Access to information"
    assert table.loc["MO0065", "Start"] == "" and table.loc["MATET0003", "OGP values"] == ""


@pytest.mark.parametrize(
    ("filters", "local"),
    [
        (Filters(), {"MATTH0017", "MATET0003", "MABMK0007", "MAAGD0001", "MAAGD0003"}),
        (Filters(regions=("09",)), {"MAAGD0001", "MAAGD0003"}),
        (Filters(kinds=("region",)), {"MATTH0017", "MABMK0007"}),
        (Filters(regions=("04",)), set()),
    ],
)
def test_filters_narrow_local_commitments_and_keep_national_ones(
    reader: Reader, filters: Filters, local: set[str]
) -> None:
    frame = ogp.commitments_frame(reader, filters)
    assert set(frame.loc[frame["scope"] == "local", "commitment_id"]) == local
    assert set(frame.loc[frame["scope"] == "national", "commitment_id"]) == NATIONAL


def test_member_ogp_for_tetouan_and_for_a_member_outside_ogp_local(reader: Reader) -> None:
    tetouan = ogp.member_ogp(reader, "01.571.01.11")
    assert tetouan is not None
    assert list(tetouan.commitments["commitment_id"]) == ["MATET0003"]
    assert tetouan.plans == ("2022-2026",) and tetouan.since_text("fr") == "mai 2022"
    region = ogp.member_ogp(reader, "05")
    assert region is not None and region.since_text("en") == "2022 (estimated)"  # "by 2022"
    assert ogp.member_ogp(reader, "04.281.01.01") is None


def test_progress_is_a_flagged_undated_press_figure(reader: Reader) -> None:
    note = ogp.progress_note(reader, "en")
    assert "37%" in note and "48%" in note and "walaw.press" in note
    assert i18n.t("en", "ogp.source_press_undated", publisher="walaw.press") in note


def test_a_url_column_links_the_first_cell_in_a_new_tab() -> None:
    frame = pd.DataFrame(
        {"id": ["MO0065", "X1"], "url": [f"{OGP_SITE}members/morocco/commitments/MO0065/", "javascript:alert(1)"]}
    )
    markup = table_html(frame, "ar", urls="url")
    assert (
        f'<a href="{OGP_SITE}members/morocco/commitments/MO0065/" target="_blank" rel="noopener">MO0065</a>' in markup
    )
    assert "javascript:" not in markup and ">url<" not in markup  # the address column is not shown


@pytest.mark.embedded_only
def test_an_upgraded_database_gets_the_commitments(fresh_db: Path) -> None:
    from mel.build import upgrade

    con = duckdb.connect(str(fresh_db))
    con.execute("DELETE FROM core.ogp_commitments")
    con.close()
    upgrade(fresh_db)
    con = duckdb.connect(str(fresh_db), read_only=True)
    count = con.execute("SELECT count(*) FROM core.ogp_commitments").fetchone()
    local = con.execute("SELECT count(*) FROM core.ogp_local").fetchone()
    con.close()
    assert count == (8,) and local == (8,)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_commitments_tab_from_the_address(demo_db: Path, lang: str) -> None:
    at = run_page("pages/evaluation_page.py", lang, tab="commitments")
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["tab"] in ("commitments", ["commitments"])
    tables = [s for s in shown_tables(at) if s.columns[0] == i18n.t(lang, "ogp.col.commitment")]
    assert len(tables) == 1 and set(tables[0].iloc[:, 0]) >= NATIONAL
    bodies = "".join(h.proto.body for h in at.get("html"))
    assert f'href="{OGP_SITE}members/morocco/commitments/MO0065/" target="_blank" rel="noopener"' in bodies
    assert any("walaw.press" in i.value for i in at.info)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_member_page_of_an_ogp_local_member(demo_db: Path, lang: str) -> None:
    at = run_page("pages/plan_page.py", lang, member="01.571.01.11")
    assert not at.exception, [e.value for e in at.exception]
    text = "".join(m.value for m in at.markdown)
    since = i18n.t(lang, "ogp.member_since", since=ogp.since_text(lang, date(2022, 5, 17), "day", False))
    assert since in text and "MATET0003" in text and "/commitments/MATET0003/" in text
    assert any("MO0065" in c.value for c in at.caption)


def test_member_page_outside_ogp_local_shows_only_the_programme_line(demo_db: Path) -> None:
    at = run_page("pages/plan_page.py", "en", member="04.281.01.01")
    assert not at.exception
    assert "OGP Local member since" not in "".join(m.value for m in at.markdown)
    assert sum("MO0065" in c.value for c in at.caption) == 1
