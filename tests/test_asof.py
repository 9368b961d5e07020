"""Any page as it stood at the end of a past day (``?as_of=``), rebuilt from the history (``mel.asof``)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mel import asof, batches, brief_content, headline, i18n, imports, meeting
from mel.auth import User, command_line
from mel.db import Reader
from mel.filters import Filters
from mel.i18n import t
from mel.imports.cells import read_table
from tests.helpers import one

ROOT = Path(__file__).resolve().parent.parent
KENITRA = "04.281.01.01"
FOCAL = User("bachri", "focal_point", KENITRA)
HEADER = "member_code,indicator_code,period,sex,value,source,note\n"
BUILT = date(2024, 11, 12)  # the day the demo database's rows are recorded (mel/build.py)


def kenitra_value(reader: Reader, indicator: str, period: str) -> float | None:
    row = (
        reader.cursor()
        .execute(
            "SELECT value FROM observations_current WHERE member_code = ? AND indicator_code = ? AND period = ? "
            "AND sex = 'total'",
            [KENITRA, indicator, period],
        )
        .fetchone()
    )
    return None if row is None else row[0]


def test_every_table_has_a_stated_rule(reader: Reader) -> None:
    tables = {name for (name,) in reader.cursor().execute(asof.CORE_TABLES).fetchall()}
    assert tables <= set(asof.RULES), sorted(tables - set(asof.RULES))


def test_a_value_shows_from_the_day_it_was_recorded(fresh_db: Path) -> None:
    frame = read_table((HEADER + f"{KENITRA},ATI-01,2026-Q2,total,41,,\n").encode())
    batch = imports.commit_frame("observations", frame, FOCAL, "entry", None, date.today(), fresh_db)
    present = Reader(fresh_db)
    try:
        (recorded,) = one(
            present.cursor()
            .execute("SELECT recorded_at FROM observations_history WHERE batch_id = ?", [batch])
            .fetchone()
        )
        day = recorded.date()
        before, after = asof.rewound(present, day - timedelta(days=1)), asof.rewound(present, day)
        assert isinstance(before, asof.RewoundReader) and isinstance(before, Reader)
        assert before.version() == f"{present.version()}@{(day - timedelta(days=1)).isoformat()}"
        assert kenitra_value(present, "ATI-01", "2026-Q2") == 41
        assert kenitra_value(after, "ATI-01", "2026-Q2") == 41
        assert kenitra_value(before, "ATI-01", "2026-Q2") != 41
        assert batch not in set(before.df("data_in/batches")["batch_id"])
        assert batch in set(after.df("data_in/batches")["batch_id"])
        before.close()
        after.close()
    finally:
        present.close()


def test_an_undo_after_the_day_leaves_that_day_as_it_was(fresh_db: Path) -> None:
    present = Reader(fresh_db)
    try:
        listed = present.df("data_in/batches")
        plan_batch = int(listed[listed["file_name"] == "demo plan 01"]["batch_id"].iloc[0])
        member = "01"
        assert meeting.headline(present, member, BUILT)["plan_id"] is not None  # type: ignore[index]
    finally:
        present.close()
    undo = batches.undo(plan_batch, command_line("test"), fresh_db)
    present = Reader(fresh_db)
    then = asof.rewound(present, date(2025, 1, 1))
    try:
        assert meeting.headline(present, member, date.today())["plan_id"] is None  # type: ignore[index]
        assert meeting.headline(then, member, date(2025, 1, 1))["plan_id"] is not None  # type: ignore[index]
        rows = then.df("data_in/batches").set_index("batch_id")
        assert undo not in rows.index and pd.isna(rows.loc[plan_batch, "undone_by"])  # not undone yet then
    finally:
        then.close()
        present.close()


def test_headline_figures_after_every_record_are_todays(reader: Reader) -> None:
    latest = reader.cursor().execute("SELECT max(recorded_at) FROM observations_history").fetchone()[0]  # type: ignore[index]
    day = max(date.today(), latest.date())
    rewound = asof.rewound(reader, day)
    try:
        now, then = (
            asdict(headline.headline(reader, Filters(), day)),
            asdict(headline.headline(rewound, Filters(), day)),
        )
        assert then.pop("progress") == pytest.approx(now.pop("progress"))  # a parallel sum's last bits vary
        assert then == now
        empty = asof.rewound(reader, BUILT - timedelta(days=1))
        assert headline.headline(empty, Filters(), BUILT - timedelta(days=1)).members == 0
        empty.close()
    finally:
        rewound.close()


def test_the_brief_gives_the_figures_at_the_last_meeting(fresh_db: Path) -> None:
    met = date(2025, 6, 2)
    meeting.record_meeting(FOCAL, KENITRA, met, master=fresh_db)
    today = date.today()
    present = Reader(fresh_db)
    then = asof.rewound(present, met)
    try:
        compared = meeting.then_and_now(present, KENITRA, today, (then, met)).set_index("figure")
        head_then = meeting.headline(then, KENITRA, met)
        head_now = meeting.headline(present, KENITRA, today)
        assert head_then is not None and head_now is not None
        for figure in ("late", "due_next", "off_track"):
            assert compared.loc[figure, "then"] == head_then[figure]
            assert compared.loc[figure, "now"] == head_now[figure]
        content = brief_content.assemble(present, KENITRA, "fr", None, today, charts=False)
        first = content.tables[0]
        assert first.key == "then_now" and first.title == t("fr", "brief.section.then_now", day=i18n.day("fr", met))
        indicators = next(table for table in content.tables if table.key == "indicators")
        assert t("fr", "col.at_last_meeting") in indicators.columns
    finally:
        then.close()
        present.close()


def run(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in {"lang": "en", **params}.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def test_a_page_as_of_a_day_says_so_and_writes_nothing(demo_db: Path) -> None:
    at = run("pages/data_page.py", as_of="2025-11-30")
    assert not at.exception, [e.value for e in at.exception]
    banner = t("en", "asof.banner", day=i18n.day("en", date(2025, 11, 30), "long"))
    assert any(info.value == banner for info in at.info)
    assert any(info.value == t("en", "asof.writes_off") for info in at.info)
    assert not at.text_input and not at.get("file_uploader")  # no sign-in, no import
    growth = run("pages/growth_page.py", as_of="2023-05-01")  # before anything was recorded
    assert not growth.exception
    assert any(w.value == t("en", "asof.empty", day=i18n.day("en", date(2023, 5, 1), "long")) for w in growth.warning)


@pytest.mark.parametrize("value", ["2999-01-01", "yesterday", "2020-01-01"])
def test_a_day_that_is_not_past_is_ignored_with_a_warning(demo_db: Path, value: str) -> None:
    at = run("", as_of=value)
    assert not at.exception
    assert any(t("en", "asof.invalid", day="")[:40] in w.value for w in at.warning)
    assert not any(t("en", "asof.banner", day="")[:10] in info.value for info in at.info)
    assert "as_of" not in at.query_params
