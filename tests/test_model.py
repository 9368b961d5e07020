"""The data model: migrations, the real membership counts, determinism, append-only history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from mel import queries, reference
from mel.build import DatabaseExists, build
from mel.db import Reader
from mel.filters import Filters
from mel.imports.record import RecordError, record_value
from mel.migrate import available, migrate
from tests.helpers import table_checksums


def test_migrations_run_twice_without_change(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    first = migrate(con)
    assert first == [v for v, _ in available()]
    schema = con.execute("SELECT sql FROM duckdb_tables() ORDER BY table_name").fetchall()
    assert migrate(con) == []
    assert con.execute("SELECT sql FROM duckdb_tables() ORDER BY table_name").fetchall() == schema


def test_reference_counts_are_official() -> None:
    assert reference.official_counts() == {"region": 12, "council": 75, "commune": 1503}
    frame = reference.collectivities()
    kenitra = frame.set_index("code").loc["04.281.01.01"]
    assert kenitra["name_fr"] == "Kénitra" and kenitra["name_ar"] == "القنيطرة"
    assert kenitra["population_women"] + kenitra["population_men"] > 400_000


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2023, 3, 31), {"commune": 50, "council": 4, "region": 12}),
        (date(2023, 3, 2), {"commune": 50, "council": 4, "region": 12}),
        (date(2024, 11, 12), {"commune": 107, "council": 7, "region": 12}),
        (date(2024, 12, 31), {"commune": 199, "council": 17, "region": 12}),
        (date(2026, 11, 25), {"commune": 199, "council": 17, "region": 12}),
    ],
)
def test_membership_reproduces_the_sources(reader: Reader, on: date, expected: dict[str, int]) -> None:
    assert queries.members_by_kind_on(reader, Filters(), on) == expected


def test_named_members_are_real_and_present(reader: Reader) -> None:
    frame = reader.cursor().execute("SELECT member_code, is_demo FROM members WHERE NOT is_demo").df()
    real = set(frame["member_code"])
    for code in (
        "04.281.01.01",
        "09.541.01.13",
        "01.573.01.03",
        "03.531.03.23",
        "05.091.01.03",
        "06.111.01.03",
        "07.041.03.15",
        "09.163.01.27",
        "02.113",
        "02",
    ):
        assert code in real
    ogp = reader.cursor().execute("SELECT count(*) FROM members WHERE ogp_local_since IS NOT NULL").fetchone()
    assert ogp is not None and ogp[0] >= 6  # the six OGP Local regions are all members


def test_kenitra_plan_is_the_real_one(reader: Reader) -> None:
    cur = reader.cursor()
    axes = cur.execute(
        "SELECT a.title_ar FROM axes a JOIN plans p USING (plan_id) WHERE p.member_code = '04.281.01.01' "
        "ORDER BY a.position"
    ).fetchall()
    assert [a[0] for a in axes] == [
        "الرقمنة وجودة الخدمات الجماعية",
        "الثقافة والرياضة",
        "المشاركة المواطنة",
        "البيئة والتنمية المستدامة",
    ]
    projects = cur.execute("SELECT count(*) FROM projects WHERE member_code = '04.281.01.01'").fetchone()
    assert projects == (6,)
    focal = cur.execute("SELECT focal_point_fr FROM plans WHERE member_code = '04.281.01.01'").fetchone()
    assert focal == ("Mohamed Bachri",)


def test_demo_data_is_identical_across_builds(tmp_path: Path, demo_db: Path) -> None:
    again = build(tmp_path / "again.duckdb", mode="demo", progress=lambda _: None)
    assert table_checksums(again) == table_checksums(demo_db)


def test_build_refuses_to_overwrite(demo_db: Path) -> None:
    with pytest.raises(DatabaseExists):
        build(demo_db, progress=lambda _: None)


def test_empty_build_has_reference_but_no_members(tmp_path: Path) -> None:
    path = build(tmp_path / "empty.duckdb", mode="empty", progress=lambda _: None)
    r = Reader(path)
    assert r.cursor().execute("SELECT count(*) FROM members").fetchone() == (0,)
    assert r.cursor().execute("SELECT count(*) FROM indicators").fetchone() == (21,)
    assert r.cursor().execute("SELECT count(*) FROM collectivities").fetchone() == (1598,)


def test_a_correction_supersedes_without_deleting(fresh_db: Path) -> None:
    key = ("04.281.01.01", "ATI-01", "2026-Q3")
    first = record_value(*key, value=61.0, recorded_by="test", master=fresh_db)
    second = record_value(*key, value=64.5, recorded_by="test", master=fresh_db)
    assert second.version == first.version + 1 and second.supersedes == first.observation_id
    r = Reader(fresh_db)
    history = (
        r.cursor()
        .execute(
            "SELECT value, version, is_current FROM observations_history "
            "WHERE member_code = ? AND indicator_code = ? AND period = ? AND sex = 'total' ORDER BY version",
            list(key),
        )
        .fetchall()
    )
    assert (61.0, first.version, False) in history and (64.5, second.version, True) in history
    current = (
        r.cursor()
        .execute(
            "SELECT value FROM observations_current WHERE member_code = ? AND indicator_code = ? AND period = ? "
            "AND sex = 'total'",
            list(key),
        )
        .fetchall()
    )
    assert current == [(64.5,)]


def test_record_rejects_unknown_codes_and_writes_nothing(fresh_db: Path) -> None:
    before = table_checksums(fresh_db)
    with pytest.raises(RecordError):
        record_value("99.999.99.99", "ATI-01", "2026-Q3", 1.0, master=fresh_db)
    with pytest.raises(RecordError):
        record_value("04.281.01.01", "NOPE", "2026-Q3", 1.0, master=fresh_db)
    with pytest.raises(RecordError):
        record_value("04.281.01.01", "ATI-01", "2026-13", 1.0, master=fresh_db)
    assert table_checksums(fresh_db) == before


def test_public_views_exist(reader: Reader) -> None:
    names = {
        row[0] for row in reader.cursor().execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    }
    assert {
        "members",
        "plans",
        "projects",
        "milestones",
        "indicators",
        "observations_current",
        "participation",
        "observations_history",
        "axes",
        "gender_bodies",
    } <= names
