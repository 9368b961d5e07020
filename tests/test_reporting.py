"""The reporting cycle: deadlines, statuses, submit / return / approve / reopen, the lock, the roles,
the late reporters, and the figures of approved quarters only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from mel import explanations, imports, reporting
from mel.auth import PermissionDenied, User
from mel.batches import UndoRefused, undo
from mel.db import Reader
from mel.imports.cells import ImportRejected

TODAY = date(2026, 11, 26)
PERIOD = "2026-Q3"
KENITRA = "04.281.01.01"
FOCAL = User("bachri", "focal_point", KENITRA, "Mohamed Bachri")
EVALUATOR = User("eva", "evaluator", None, "Eva")
ADMIN = User("cli", "administrator", None, operator=True)


def independent_late(reader: Reader, period_start: str, period_end: str, period: str, deadline: date) -> set[str]:
    """The members late with a quarter, written from the tables without the app's views or code:
    counted at the quarter's end, with a plan past co-creation running in it, that never submitted
    it, once the deadline has passed."""
    if deadline >= TODAY:
        return set()
    rows = (
        reader.cursor()
        .execute(
            """
        WITH records AS (
            SELECT member_code, arg_max(joined_on, version) AS joined_on, arg_max(left_on, version) AS left_on
            FROM core.member_records GROUP BY member_code
        ),
        plan_now AS (
            SELECT plan_id, arg_max(member_code, version) AS member_code, arg_max(status, version) AS status,
                   arg_max(coalesce(start_on, adopted_on), version) AS start_on, arg_max(end_on, version) AS end_on,
                   arg_max(withdrawn, version) AS withdrawn
            FROM core.plan_versions GROUP BY plan_id
        ),
        submitted AS (
            SELECT DISTINCT member_code FROM core.quarter_events WHERE period = ? AND action = 'submit'
        )
        SELECT r.member_code FROM records r
        WHERE r.joined_on <= ?::DATE AND (r.left_on IS NULL OR r.left_on > ?::DATE)
          AND r.member_code IN (
              SELECT member_code FROM plan_now
              WHERE NOT withdrawn AND status <> 'co_creation' AND start_on <= ?::DATE
                AND (end_on IS NULL OR end_on >= ?::DATE))
          AND r.member_code NOT IN (SELECT member_code FROM submitted)
        """,
            [period, period_end, period_end, period_end, period_start],
        )
        .fetchall()
    )
    return {r[0] for r in rows}


@pytest.mark.parametrize("period", ["2026-Q3", "2026-Q2", "2025-Q4"])
def test_late_reporters_are_exactly_the_members_without_a_submitted_quarter(reader: Reader, period: str) -> None:
    start, end = {"2026-Q3": ("2026-07-01", "2026-09-30"), "2026-Q2": ("2026-04-01", "2026-06-30"),
                  "2025-Q4": ("2025-10-01", "2025-12-31")}[period]  # fmt: skip
    due = reporting.deadline(period, reporting.deadline_days(reader))
    late = reporting.late_reporters(reader, period, TODAY)
    assert set(late["member_code"]) == independent_late(reader, start, end, period, due)
    assert list(late["days_late"]) == sorted(late["days_late"], reverse=True)
    assert (late["days_late"] == (TODAY - due).days).all()
    if period == PERIOD:
        assert len(late) > 0  # the demo leaves members late with its last quarter
        assert late["focal_point_email"].notna().any()


def test_nobody_is_late_before_the_deadline(reader: Reader) -> None:
    assert reporting.late_reporters(reader, PERIOD, date(2026, 10, 30)).empty
    table = reporting.network_table(reader, PERIOD, date(2026, 10, 30))
    assert "late" not in set(table["status"])
    assert reporting.status_counts(table)["draft"] > 0


def test_the_network_table_puts_the_late_first(reader: Reader) -> None:
    table = reporting.network_table(reader, PERIOD, TODAY)
    order = [reporting.STATUS_ORDER[s] for s in table["status"]]
    assert order == sorted(order)
    counts = reporting.status_counts(table)
    assert sum(counts.values()) == len(table)
    assert counts["approved"] and counts["submitted"] and counts["late"]


def _value_file(value: float, period: str = PERIOD) -> bytes:
    return (
        f"member_code,indicator_code,period,sex,value,source\n{KENITRA},ATI-01,{period},total,{value},test\n".encode()
    )


def _explain_everything(db: Path, period: str) -> None:
    for row in reporting.unexplained(Reader(db), KENITRA, period).itertuples():
        explanations.add_comment(FOCAL, KENITRA, row.subject, row.subject_key, "Retard du prestataire.", db)


def _status(db: Path, period: str = PERIOD) -> str:
    calendar = reporting.statuses(Reader(db), [period], TODAY, member=KENITRA)
    return str(calendar["status"].iloc[0])


def test_a_quarter_goes_through_the_whole_cycle(fresh_db: Path) -> None:
    imports.commit(_value_file(40), "values.csv", FOCAL, TODAY, fresh_db)
    assert _status(fresh_db) == "late"  # entered, not submitted, after the deadline
    with pytest.raises(reporting.CycleRefused) as refused:
        reporting.submit(FOCAL, KENITRA, PERIOD, TODAY, fresh_db)
    assert refused.value.key == "reporting.refused.unexplained"  # late milestones need a word first
    _explain_everything(fresh_db, PERIOD)
    reporting.submit(FOCAL, KENITRA, PERIOD, TODAY, fresh_db)
    assert _status(fresh_db) == "submitted"
    with pytest.raises(reporting.CycleRefused):
        reporting.send_back(EVALUATOR, KENITRA, PERIOD, "  ", TODAY, fresh_db)  # a return says why
    with pytest.raises(ImportRejected) as under_review:  # a submitted quarter waits for its review
        imports.commit(_value_file(44), "values.csv", FOCAL, TODAY, fresh_db)
    assert under_review.value.problems[0].key == "import.error.quarter_submitted"
    reporting.send_back(EVALUATOR, KENITRA, PERIOD, "ATI-01 semble trop bas.", TODAY, fresh_db)
    assert _status(fresh_db) == "draft"  # given back: to correct, no longer late
    imports.commit(_value_file(45), "values.csv", FOCAL, TODAY, fresh_db)
    reporting.submit(FOCAL, KENITRA, PERIOD, TODAY, fresh_db)
    reporting.approve(EVALUATOR, KENITRA, PERIOD, TODAY, fresh_db)
    assert _status(fresh_db) == "approved"
    before = Reader(fresh_db).scalar("bench/size")
    with pytest.raises(ImportRejected) as rejected:
        imports.commit(_value_file(50), "values.csv", FOCAL, TODAY, fresh_db)
    problem = rejected.value.problems[0]
    assert (problem.key, problem.row, problem.column) == ("import.error.quarter_approved", 2, "period")
    assert Reader(fresh_db).scalar("bench/size") == before  # nothing written
    with pytest.raises(reporting.CycleRefused):
        reporting.reopen(EVALUATOR, KENITRA, PERIOD, "", TODAY, fresh_db)
    reporting.reopen(EVALUATOR, KENITRA, PERIOD, "Erreur de saisie signalée par la commune.", TODAY, fresh_db)
    imports.commit(_value_file(50), "values.csv", FOCAL, TODAY, fresh_db)
    history = reporting.steps(Reader(fresh_db), KENITRA, PERIOD)
    assert list(history["action"]) == ["submit", "return", "submit", "approve", "reopen"]
    assert list(history["recorded_by"]) == ["bachri", "eva", "bachri", "eva", "eva"]
    assert history["recorded_at"].notna().all()
    assert history["comment"].iloc[1] == "ATI-01 semble trop bas."


def test_a_step_the_quarter_is_not_at_is_refused(fresh_db: Path) -> None:
    with pytest.raises(reporting.CycleRefused) as refused:
        reporting.approve(EVALUATOR, KENITRA, PERIOD, TODAY, fresh_db)
    assert refused.value.key == "reporting.refused.approve_from"
    with pytest.raises(reporting.CycleRefused) as refused:
        reporting.submit(FOCAL, KENITRA, "2026-Q4", TODAY, fresh_db)
    assert refused.value.key == "reporting.refused.not_over"
    approved = reporting.statuses(Reader(fresh_db), ["2025-Q4"], TODAY, member=KENITRA)
    assert approved["status"].iloc[0] == "approved"
    with pytest.raises(reporting.CycleRefused):
        reporting.submit(FOCAL, KENITRA, "2025-Q4", TODAY, fresh_db)


def test_roles_are_enforced_in_the_domain(fresh_db: Path) -> None:
    other = User("someone", "focal_point", "01.051.07.05", "Other")
    with pytest.raises(PermissionDenied):
        reporting.submit(other, KENITRA, PERIOD, TODAY, fresh_db)
    with pytest.raises(PermissionDenied):
        reporting.submit(EVALUATOR, KENITRA, PERIOD, TODAY, fresh_db)
    with pytest.raises(PermissionDenied):
        reporting.approve(FOCAL, KENITRA, PERIOD, TODAY, fresh_db)
    with pytest.raises(PermissionDenied):
        reporting.reopen(FOCAL, KENITRA, "2025-Q4", "reason", TODAY, fresh_db)
    with pytest.raises(PermissionDenied):
        reporting.set_deadline_days(EVALUATOR, 45, fresh_db)
    assert reporting.steps(Reader(fresh_db), KENITRA, PERIOD).empty


def test_the_deadline_is_a_setting_with_its_history(fresh_db: Path) -> None:
    assert reporting.deadline_days(Reader(fresh_db)) == reporting.DEFAULT_DEADLINE_DAYS
    with pytest.raises(reporting.CycleRefused):
        reporting.set_deadline_days(ADMIN, 0, fresh_db)
    reporting.set_deadline_days(ADMIN, 60, fresh_db)
    assert reporting.deadline_days(Reader(fresh_db)) == 60
    if date.today() <= date(2026, 11, 29):  # the new deadline applies to a quarter not yet due when set
        assert reporting.late_reporters(Reader(fresh_db), PERIOD, TODAY).empty
    rows = Reader(fresh_db).cursor().execute("SELECT count(*) FROM core.settings").fetchone()
    assert rows == (1,)


def test_an_undo_that_would_change_an_approved_quarter_is_refused(fresh_db: Path) -> None:
    batch = imports.commit(_value_file(41), "values.csv", FOCAL, TODAY, fresh_db)
    _explain_everything(fresh_db, PERIOD)
    reporting.submit(FOCAL, KENITRA, PERIOD, TODAY, fresh_db)
    reporting.approve(EVALUATOR, KENITRA, PERIOD, TODAY, fresh_db)
    with pytest.raises(UndoRefused) as refused:
        undo(batch, FOCAL, fresh_db)
    assert refused.value.key == "undo.error.quarter_approved"
    reporting.reopen(EVALUATOR, KENITRA, PERIOD, "Correction", TODAY, fresh_db)
    undo(batch, FOCAL, fresh_db)


def _latest(reader: Reader) -> pd.DataFrame:
    return (
        reader.cursor()
        .execute(
            "SELECT period, value FROM latest_values "
            "WHERE member_code = ? AND indicator_code = 'ATI-01' AND sex = 'total'",
            [KENITRA],
        )
        .df()
    )


def test_figures_of_approved_quarters_follow_approval_and_reopening(fresh_db: Path) -> None:
    imports.commit(_value_file(42), "values.csv", FOCAL, TODAY, fresh_db)
    reader = Reader(fresh_db)
    assert _latest(reader).iloc[0].to_dict() == {"period": PERIOD, "value": 42.0}  # everything: the draft
    assert _latest(reader.approved()).iloc[0]["period"] < PERIOD  # approved only: an earlier quarter
    _explain_everything(fresh_db, PERIOD)
    reporting.submit(FOCAL, KENITRA, PERIOD, TODAY, fresh_db)
    reporting.approve(EVALUATOR, KENITRA, PERIOD, TODAY, fresh_db)
    assert _latest(Reader(fresh_db).approved()).iloc[0].to_dict() == {"period": PERIOD, "value": 42.0}
    reporting.reopen(EVALUATOR, KENITRA, PERIOD, "Correction", TODAY, fresh_db)
    assert _latest(Reader(fresh_db).approved()).iloc[0]["period"] < PERIOD
    approved_rows = (
        reader.approved()
        .cursor()
        .execute(
            "SELECT count(*) FROM observations_current o WHERE NOT EXISTS (SELECT 1 FROM approved_quarters q "
            "WHERE q.member_code = o.member_code AND q.period = o.period)"
        )
        .fetchone()
    )
    assert approved_rows == (0,)


def test_a_focal_points_next_deadline_says_what_is_missing(reader: Reader) -> None:
    upcoming = reporting.next_deadline(reader, KENITRA, TODAY)
    assert upcoming is not None
    assert (upcoming.period, upcoming.status) == (PERIOD, "late")
    assert upcoming.days_left == (date(2026, 10, 30) - TODAY).days
    assert set(upcoming.unexplained["subject"]) <= {"value", "milestone"}
    assert len(upcoming.missing_values) == len(reporting.missing_values(reader, KENITRA, PERIOD))
    assert reporting.calendar_periods(TODAY)[:2] == ["2026-Q4", PERIOD]


def test_a_milestone_dated_in_a_locked_quarter_cannot_move(fresh_db: Path) -> None:
    reader = Reader(fresh_db)
    milestone = int(reader.cursor().execute(
        "SELECT min(milestone_id) FROM milestones WHERE member_code = ? AND done_on IS NULL", [KENITRA]
    ).fetchone()[0])  # type: ignore[index]  # fmt: skip
    assert reporting.statuses(reader, ["2025-Q4"], TODAY, member=KENITRA)["status"].iloc[0] == "approved"
    data = f"member_code,milestone_id,done_on\n{KENITRA},{milestone},2025-11-15\n".encode()
    with pytest.raises(ImportRejected) as refused:
        imports.commit(data, "jalons.csv", FOCAL, TODAY, fresh_db)
    problem = refused.value.problems[0]
    assert (problem.key, problem.row, problem.column) == ("import.error.quarter_approved", 2, "done_on")
    assert problem.fields == {"value": "2025-Q4", "member": KENITRA}
    imports.commit(data.replace(b"2025-11-15", b"2026-11-02"), "jalons.csv", FOCAL, TODAY, fresh_db)  # open quarter


def test_a_quarter_reopened_long_ago_is_in_its_calendar_again(fresh_db: Path) -> None:
    old = "2025-Q1"
    assert old not in set(reporting.member_calendar(Reader(fresh_db), KENITRA, TODAY)["period"])
    assert reporting.statuses(Reader(fresh_db), [old], TODAY, member=KENITRA)["status"].iloc[0] == "approved"
    reporting.reopen(EVALUATOR, KENITRA, old, "Audit", TODAY, fresh_db)
    calendar = reporting.member_calendar(Reader(fresh_db), KENITRA, TODAY).set_index("period")
    assert calendar.loc[old, "status"] == "draft" and calendar.loc[old, "days_late"] == 0
    assert KENITRA not in set(reporting.late_reporters(Reader(fresh_db), old, TODAY)["member_code"])


def test_a_new_deadline_applies_to_the_quarters_not_yet_due(fresh_db: Path) -> None:
    reporting.set_deadline_days(ADMIN, 60, fresh_db)  # set today
    due = reporting.deadlines(Reader(fresh_db), ["2025-Q4", PERIOD, "2026-Q4"])
    assert due["2025-Q4"] == date(2026, 1, 30)  # due long before: its deadline stays
    # due on 30 October under 30 days; on 29 November under 60, if not yet passed when set
    assert due[PERIOD] == (date(2026, 11, 29) if date.today() <= date(2026, 11, 29) else date(2026, 10, 30))
    assert due["2026-Q4"] == (date(2027, 3, 1) if date.today() <= date(2027, 3, 1) else date(2027, 1, 30))
