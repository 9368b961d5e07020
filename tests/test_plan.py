"""A member's plan: progress roll-up, achievement, RAG, staleness, changes since, the PDF brief."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import duckdb
import pytest

from mel import brief, i18n, plan
from mel.build import build
from mel.db import Reader, write_connection
from mel.imports import members as members_import
from mel.metrics import is_stale, rag
from tests.helpers import NEXT_OBSERVATION_ID as NEXT_ID
from tests.helpers import import_plan, plan_rows

TODAY = date(2026, 11, 23)
KENITRA = "04.281.01.01"


@pytest.fixture()
def plan_db(tmp_path: Path) -> Path:
    """Kénitra with a hand-made plan whose milestones and values are known."""
    path = build(tmp_path / "plan.duckdb", mode="empty", progress=lambda _: None)
    members_import.import_members(
        b"member_code,kind,joined_on,cohort\n04.281.01.01,commune,2024-02-19,2\n", "m.csv", "test", path, TODAY
    )
    milestones = [
        # project, position, weight, due, done
        ("P1", 1, 2.0, "2025-06-30", "2025-06-20"),
        ("P1", 2, 1.0, "2026-06-30", "2026-09-15"),  # done late, inside the window
        ("P1", 3, 1.0, "2026-10-01", None),  # a new delay
        ("P2", 1, None, "2025-05-01", "2025-05-01"),
        ("P2", 2, None, "2026-12-15", None),  # due within 90 days
    ]
    rows = plan_rows(
        KENITRA,
        "2025-01-01",
        "2026-12-31",
        projects=[
            {
                "project_code": f"P{n}",
                "axis": 1,
                "title_ar": f"مشروع {n}",
                "title_fr": f"Projet {n}",
                "title_en": f"Project {n}",
                "budget_mad": 1000,
                "start_on": date(2025, 1, 1),
                "end_on": date(2026, 12, 31),
                "status": "in_progress",
                "demo": True,
            }
            for n in (1, 2)
        ],
        milestones=[
            {
                "project_code": p,
                "milestone": pos,
                "title_ar": "م",
                "title_fr": "J",
                "title_en": "M",
                "weight": w,
                "due_on": date.fromisoformat(due),
                "done_on": date.fromisoformat(done) if done else None,
                "demo": True,
            }
            for p, pos, w, due, done in milestones
        ],
    )
    rows["plan"][0].update(co_created_on=date(2024, 4, 10), adopted_on=date(2024, 12, 20), demo=True)
    import_plan(path, rows, TODAY)
    with write_connection(path) as con:
        for period, start, value, recorded_at in (
            ("2026-Q3", "2026-07-01", 70, "2026-10-20 10:00"),
            ("2025-Q4", "2025-10-01", 60, "2026-01-20 10:00"),
        ):
            con.execute(
                "INSERT INTO core.observations (observation_id, indicator_code, member_code, period, period_start, "
                "sex, value, version, recorded_at, recorded_by, is_demo) VALUES (" + NEXT_ID + ", 'ATI-01', ?, ?, ?, "
                "'total', ?, 1, ?, 'test', FALSE)",
                [KENITRA, period, start, value, recorded_at],
            )  # fmt: skip
    return path


def test_progress_rolls_up_from_weighted_milestones(plan_db: Path) -> None:
    frame = plan.projects(Reader(plan_db), 1, TODAY).set_index("project_id")
    assert frame.loc[1, "progress"] == pytest.approx(3 / 4)  # weights 2 + 1 done of 4
    assert frame.loc[2, "progress"] == pytest.approx(1 / 2)  # no weights: equal
    assert bool(frame.loc[1, "is_late"]) and not bool(frame.loc[2, "is_late"])
    header = plan.plan_header(Reader(plan_db), KENITRA)
    assert header is not None and header["progress"] == pytest.approx((0.75 + 0.5) / 2)


@pytest.mark.parametrize(
    ("actual", "baseline", "target", "direction", "expected"),
    [
        (70, 50, 90, "higher", 0.5),
        (90, 50, 90, "higher", 1.0),
        (40, 50, 90, "higher", -0.25),
        (20, 30, 10, "lower", 0.5),  # lower is better: a fall from 30 to 20 is half way to 10
        (35, 30, 10, "lower", -0.25),
        (5, 5, 5, "higher", 1.0),  # baseline equals target: met
        (4, 5, 5, "higher", 0.0),
        (4, 5, 5, "lower", 1.0),
        (None, 5, 10, "higher", None),
        (7, None, 10, "higher", None),
    ],
)
def test_achievement_respects_direction(
    plan_db: Path, actual: float | None, baseline: float | None, target: float, direction: str, expected: float | None
) -> None:
    con = duckdb.connect(str(plan_db), read_only=True)
    (value,) = con.execute("SELECT achievement(?, ?, ?, ?)", [actual, baseline, target, direction]).fetchone()  # type: ignore[misc]
    assert value == (pytest.approx(expected) if expected is not None else None)


def test_rag_thresholds() -> None:
    assert [rag(v) for v in (1.2, 0.75, 0.749, 0.40, 0.399, -0.3, None, float("nan"))] == [
        "green", "green", "amber", "amber", "red", "red", "grey", "grey",
    ]  # fmt: skip


def test_staleness() -> None:
    assert not is_stale("2026-Q3", TODAY)  # the last complete quarter
    assert not is_stale("2026-Q2", TODAY)  # one quarter missing
    assert is_stale("2026-Q1", TODAY)  # two quarters missing
    assert is_stale(None, TODAY)


def test_indicator_tracking_for_the_fixture(plan_db: Path) -> None:
    frame = plan.indicator_tracking(Reader(plan_db), KENITRA, TODAY).set_index("code")
    ati = frame.loc["ATI-01"]
    assert ati["latest_value"] == 70 and ati["latest_period"] == "2026-Q3"
    assert list(ati["history"]) == [60, 70]
    assert ati["achievement"] == pytest.approx((70 - 50) / (90 - 50)) and ati["rag"] == "amber"
    assert frame.loc["TRA-01", "rag"] == "grey" and bool(frame.loc["TRA-01", "stale"])
    for lang in i18n.LANGUAGES:
        table = plan.indicator_table(Reader(plan_db), KENITRA, lang, TODAY)
        assert len(table) == len(frame)


def test_changes_since(plan_db: Path) -> None:
    frame = plan.changes(Reader(plan_db), KENITRA, date(2026, 8, 25), TODAY)
    got = {(row.change, row.title_en if row.change != "value_reported" else row.period) for row in frame.itertuples()}
    kinds = frame.groupby("change").size().to_dict()
    assert kinds == {"milestone_done": 1, "new_delay": 1, "due_next": 1, "value_reported": 1}
    assert ("value_reported", "2026-Q3") in got
    done = frame[frame["change"] == "milestone_done"].iloc[0]
    assert str(done["on_date"])[:10] == "2026-09-15"
    earlier = plan.changes(Reader(plan_db), KENITRA, date(2025, 1, 1), TODAY)
    assert (earlier["change"] == "milestone_done").sum() == 3


def test_gantt_has_projects_milestones_and_today(plan_db: Path) -> None:
    fig = plan.gantt_figure(Reader(plan_db), 1, "ar", TODAY)
    names = {tr.name for tr in fig.data if tr.type == "scatter"}
    assert i18n.t("ar", "milestone_state.late") in names and i18n.t("ar", "milestone_state.upcoming") in names
    assert fig.layout.xaxis.autorange == "reversed"  # right to left
    assert any(shape.type == "line" for shape in fig.layout.shapes)


def test_member_comparison_on_the_demo_network(reader: Reader) -> None:
    frame = plan.comparison(reader, KENITRA, TODAY)
    assert len(frame) == 19  # the network-level indicators
    assert (frame["q1"] <= frame["median"]).all() and (frame["median"] <= frame["q3"]).all()
    assert frame["better_than_share"].dropna().between(0, 1).all()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed (make test installs it)")
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_pdf_brief_contains_the_member_name(reader: Reader, tmp_path: Path, lang: str) -> None:
    data = brief.brief_pdf(reader, KENITRA, lang, date(2026, 8, 25), TODAY)
    assert data.startswith(b"%PDF")
    path = tmp_path / "brief.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert ("القنيطرة" if lang == "ar" else "Kénitra") in text
