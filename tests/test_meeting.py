"""The meeting stories of one member (late, due next, done since, off track) and the meetings recorded."""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from mel import i18n, meeting, plan
from mel.auth import PermissionDenied, User
from mel.db import Reader
from mel.i18n import t
from tests.helpers import open_db

KENITRA = "04.281.01.01"
TODAY = date(2026, 11, 25)  # Kénitra's shipped plan has late milestones and late projects then
EARLY = date(2025, 8, 1)  # and indicators at risk then
FOCAL_POINT = User("bachri", "focal_point", KENITRA)
EVALUATOR = User("eva", "evaluator")


def test_late_items_most_late_first_with_days(reader: Reader) -> None:
    frame = meeting.late(reader, KENITRA, TODAY)
    assert list(frame["days_late"]) == sorted(frame["days_late"], reverse=True)
    assert set(frame["kind"]) == {"milestone", "project"}
    for row in frame.itertuples():
        assert row.days_late == (TODAY - row.due_on).days > 0
    milestones = reader.df("plan/milestones", {"plan_id": 1})
    late_ids = {int(m.milestone_id) for m in milestones.itertuples() if pd.isna(m.done_on) and m.due_on.date() < TODAY}
    assert set(frame.loc[frame["kind"] == "milestone", "milestone_id"]) == late_ids
    # a project is late once its end has passed and it is not finished
    projects = plan.projects(reader, 1, TODAY)
    ended = projects[(pd.to_datetime(projects["end_on"]).dt.date < TODAY) & (projects["status"] != "completed")]
    assert set(frame.loc[frame["kind"] == "project", "project_id"]) == set(ended["project_id"])


def test_due_next_soonest_first_with_days_left(reader: Reader) -> None:
    frame = meeting.due_next(reader, KENITRA, TODAY)
    assert not frame.empty
    assert list(frame["due_on"]) == sorted(frame["due_on"])
    assert all(0 <= d <= plan.UPCOMING_DAYS for d in frame["days_left"])
    assert list(frame["days_left"]) == [(d - TODAY).days for d in frame["due_on"]]


def test_off_track_indicators_have_previous_value_and_target(reader: Reader) -> None:
    assert meeting.off_track(reader, KENITRA, TODAY).empty  # every indicator is on track by then
    frame = meeting.off_track(reader, KENITRA, EARLY)
    assert not frame.empty and set(frame["rag"]) <= {"red", "amber"}
    tracking = plan.indicator_tracking(reader, KENITRA, EARLY).set_index("code")
    for row in frame.itertuples():
        history = list(tracking.loc[row.code, "history"])
        assert row.latest_value == history[-1] and row.previous_value == history[-2]
        assert row.target_value == tracking.loc[row.code, "target_value"]
        assert row.previous_period < row.latest_period


def test_headline_counts_and_dates(reader: Reader) -> None:
    head = meeting.headline(reader, KENITRA, TODAY)
    assert head is not None
    assert head["name_fr"] == "Kénitra" and head["cycle"] == 1 and head["status"] == "implementation"
    assert isinstance(head["start_on"], date) and head["last_meeting"] is None
    kinds = meeting.late(reader, KENITRA, TODAY)["kind"]
    assert head["late"] == len(kinds) == head["late_milestones"] + head["late_projects"]
    assert head["late_milestones"] == int((kinds == "milestone").sum()) > 0 and head["late_projects"] > 0
    assert head["due_next"] == len(meeting.due_next(reader, KENITRA, TODAY))
    assert meeting.headline(reader, "99.999.99.99", TODAY) is None


def _tables(reader: Reader, lang: str) -> list[pd.DataFrame]:
    return [
        meeting.headline_table(reader, KENITRA, lang, TODAY),
        meeting.late_table(reader, KENITRA, lang, TODAY),
        meeting.due_next_table(reader, KENITRA, lang, TODAY),
        *meeting.done_since_tables(reader, KENITRA, lang, TODAY, date(2026, 8, 25)).values(),
        meeting.off_track_table(reader, KENITRA, lang, EARLY),
        meeting.indicators_table(reader, KENITRA, lang, TODAY),
        meeting.projects_table(reader, KENITRA, lang, TODAY),
    ]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_tables_are_in_the_language_with_clean_cells(reader: Reader, lang: str) -> None:
    tables = _tables(reader, lang)
    assert all(not table.empty for table in tables)
    catalog = {text for text in i18n.catalog(lang).values() if isinstance(text, str)}
    for table in tables:
        assert all(column in catalog for column in table.columns), list(table.columns)
        for value in table.to_numpy().ravel():
            assert value is None or isinstance(value, (str, int, float, date)), repr(value)
            assert not isinstance(value, pd.Timestamp)
            assert not (isinstance(value, float) and math.isnan(value))
            assert not (isinstance(value, str) and value in {"nan", "NaT", "None", "late", "red", "amber"})
    late = tables[1]
    assert list(late.columns[:1]) == [t(lang, "col.late_item")]
    assert all(isinstance(d, int) for d in late[t(lang, "col.days_late")])
    assert all(isinstance(d, date) for d in late[t(lang, "col.due")])
    assert set(late[t(lang, "col.kind")]) == {t(lang, "meeting.item.milestone"), t(lang, "meeting.item.project")}
    assert list(tables[2].columns[:1]) == [t(lang, "col.milestone")]
    off = tables[5]
    assert list(off.columns[:1]) == [t(lang, "col.indicator")]
    assert set(off[t(lang, "col.rag")]) <= {t(lang, "rag.red"), t(lang, "rag.amber")}
    assert tables[0].iloc[0, 0] == ("القنيطرة" if lang == "ar" else "Kénitra")


def test_done_since_the_last_meeting(fresh_db: Path) -> None:
    reader = Reader(fresh_db)
    try:
        assert meeting.last_meeting(reader, KENITRA) is None
        assert meeting.since_default(reader, KENITRA, TODAY) == TODAY - timedelta(days=meeting.DEFAULT_SINCE_DAYS)
        meeting_id = meeting.record_meeting(FOCAL_POINT, KENITRA, date(2026, 10, 1), "review", fresh_db, TODAY)
        assert meeting.last_meeting(reader, KENITRA) == date(2026, 10, 1)  # a new snapshot was published
        assert meeting.since_default(reader, KENITRA, TODAY) == date(2026, 10, 1)
        # the meeting of the day itself is not where "since" starts: the brief is for it
        assert meeting.since_default(reader, KENITRA, date(2026, 10, 1)) == date(2026, 7, 3)
        done = meeting.done_since(reader, KENITRA, TODAY)
        assert (done["on_date"] > date(2026, 10, 1)).all() and (done["on_date"] <= TODAY).all()
        assert set(done["change"]) == {"milestone_done", "value_reported"}
        everything = meeting.done_since(reader, KENITRA, TODAY, date(2022, 10, 21))
        assert len(everything) > len(done)
        rows = meeting.meetings(reader, KENITRA)
        assert list(rows["meeting_id"]) == [meeting_id] and rows.loc[0, "recorded_by"] == "bachri"
    finally:
        reader.close()


def test_recording_a_meeting_is_checked_and_append_only(fresh_db: Path) -> None:
    with pytest.raises(PermissionDenied):
        meeting.record_meeting(EVALUATOR, KENITRA, date(2026, 10, 1), master=fresh_db, today=TODAY)
    with pytest.raises(PermissionDenied):  # a focal point records only their own member's meetings
        meeting.record_meeting(FOCAL_POINT, "07.427.01.01", date(2026, 10, 1), master=fresh_db, today=TODAY)
    with pytest.raises(meeting.MeetingRefused) as future:
        meeting.record_meeting(FOCAL_POINT, KENITRA, TODAY + timedelta(days=1), master=fresh_db, today=TODAY)
    assert future.value.key == "meeting.error.future"
    meeting.record_meeting(FOCAL_POINT, KENITRA, date(2026, 9, 1), master=fresh_db, today=TODAY)
    with pytest.raises(meeting.MeetingRefused) as twice:
        meeting.record_meeting(FOCAL_POINT, KENITRA, date(2026, 9, 1), master=fresh_db, today=TODAY)
    assert twice.value.key == "meeting.error.recorded"
    admin = User("cli", "administrator", operator=True)
    meeting.record_meeting(admin, KENITRA, date(2026, 11, 20), master=fresh_db, today=TODAY)
    con = open_db(fresh_db)
    try:
        rows = con.execute("SELECT member_code, met_on, recorded_by FROM core.meetings ORDER BY meeting_id").fetchall()
    finally:
        con.close()
    assert rows == [(KENITRA, date(2026, 9, 1), "bachri"), (KENITRA, date(2026, 11, 20), "cli")]
    for key in ("meeting.error.future", "meeting.error.recorded"):
        assert "{day}" not in t("ar", key, day="2026-09-01")
