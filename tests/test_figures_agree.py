"""Figures agree: every headline figure is the same on every page, in the brief and in the export,
for the demo database and a national-scale one, with one as-of date; status counts add up."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mel import brief_content, evaluation, gender, headline, i18n, meeting, opendata, plan, queries, vocabulary
from mel.build import build
from mel.db import Reader
from mel.filters import Filters
from mel.store import environment as store_env

ROOT = Path(__file__).resolve().parent.parent
TODAY = date.today()  # the pages count as of the real today: so do these checks
KENITRA = "04.281.01.01"


@pytest.fixture(scope="module")
def national_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A national-shaped database (every kind of member, ten years of values), small enough for a test."""
    path = tmp_path_factory.mktemp("national") / "mel.duckdb"
    return build(path, mode="national", national_sample=120, progress=lambda _: None)


@pytest.fixture(params=["demo", "national"])
def any_db(request: pytest.FixtureRequest, demo_db: Path, national_db: Path) -> Path:
    return demo_db if request.param == "demo" else national_db


FILTERS = [Filters(), Filters(regions=("04",)), Filters(kinds=("commune",)), Filters(cohorts=(2,))]


@pytest.mark.parametrize("filters", FILTERS, ids=["all", "region 04", "communes", "cohort 2"])
def test_status_counts_add_up(any_db: Path, filters: Filters) -> None:
    reader = Reader(any_db)
    figures = headline.headline(reader, filters, TODAY)
    assert sum(figures.projects_by_standing.values()) == figures.projects_total
    assert list(figures.projects_by_standing) == list(vocabulary.PROJECT_STANDINGS)
    assert sum(figures.indicators_by_standing.values()) == figures.indicators_total
    assert figures.regions + figures.councils + figures.communes == figures.members
    principles = queries.progress_by_principle(reader, filters, TODAY)
    standings = principles[["on_track", "at_risk", "off_track", "no_recent_data"]].sum()
    assert standings.to_dict() == {
        "on_track": figures.indicators_on_track,
        "at_risk": figures.indicators_at_risk,
        "off_track": figures.indicators_off_track,
        "no_recent_data": figures.indicators_no_recent_data,
    }


@pytest.mark.parametrize("filters", FILTERS, ids=["all", "region 04", "communes", "cohort 2"])
def test_programme_results_count_every_project_once(any_db: Path, filters: Filters) -> None:
    reader = Reader(any_db)
    figures = headline.headline(reader, filters, TODAY)
    for measure in ("completion", "opened_government"):
        fig = evaluation.project_results_figure(reader, filters, "en", TODAY, measure, "cohort", "x")
        assert sum(sum(trace.x) for trace in fig.data) == figures.projects_total, measure


@pytest.mark.parametrize("filters", FILTERS, ids=["all", "region 04", "communes", "cohort 2"])
def test_participants_agree_between_the_headline_and_the_gender_page(any_db: Path, filters: Filters) -> None:
    reader = Reader(any_db)
    figures = headline.headline(reader, filters, TODAY)
    summary = gender.participation_summary(reader, filters, TODAY)
    per_member = gender.participation_by_member(reader, filters, TODAY)
    assert summary.participants == figures.participants == int(per_member["participants"].sum())
    assert summary.women == figures.women == int(per_member["women"].sum())
    assert summary.events == figures.events == int(per_member["events"].sum())
    assert len(per_member) == figures.members  # the members counted are the same


def test_nothing_dated_after_today_counts(demo_db: Path) -> None:
    reader = Reader(demo_db)
    mid_2024 = date(2024, 6, 30)
    before = headline.headline(reader, Filters(), mid_2024)
    assert before.members == 126  # cohorts 1 and 2 had joined; the third cohort had not
    events = (
        reader.cursor()
        .execute(
            "SELECT count(*), sum(participants_women + participants_men) FROM participation p "
            "JOIN members m USING (member_code) WHERE p.held_on <= ? AND p.kind <> 'network_meeting' "
            "AND m.joined_on <= ?",
            [mid_2024, mid_2024],
        )
        .fetchone()
    )
    assert events is not None and (before.events, before.participants) == (events[0], int(events[1]))
    assert headline.headline(reader, Filters(), date(2026, 11, 25)).participants > before.participants


def test_the_export_carries_the_same_headline(any_db: Path, tmp_path: Path) -> None:
    reader = Reader(any_db).approved()  # open data, like the public pages: approved quarters
    figures = headline.headline(reader, Filters(), TODAY)
    run = subprocess.run(
        [sys.executable, "-m", "mel", "export", str(tmp_path), "--as-of", TODAY.isoformat()],
        env={**__import__("os").environ, **store_env(any_db)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    exported = pd.read_csv(tmp_path / "headline.csv", dtype=str, keep_default_na=False).set_index("figure")["value"]
    assert exported["as_of"] == TODAY.isoformat()
    for name in ("members", "plans_adopted", "projects_total", "projects_suspended", "events", "women", "men"):
        assert int(exported[name]) == getattr(figures, name), name
    assert int(exported["participants"]) == figures.participants
    with zipfile.ZipFile(io.BytesIO(opendata.zip_bytes(reader, TODAY))) as archive:  # the app's download
        in_zip = pd.read_csv(archive.open("headline.csv"), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(in_zip["value"]) == list(exported)


def _run(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_pages_show_the_same_headline(demo_db: Path, reader: Reader, lang: str) -> None:
    figures = headline.headline(reader.approved(), Filters(), TODAY)  # the pages' default: approved quarters
    n = lambda value: i18n.number(lang, value)  # noqa: E731
    overview = _run("pages/overview_page.py", lang)
    shown = {m.label: m.value for m in overview.metric}
    assert shown[i18n.t(lang, "overview.members")] == n(figures.members)
    assert shown[i18n.t(lang, "overview.projects")] == n(figures.projects_total)
    for standing, count in figures.projects_by_standing.items():
        assert shown[i18n.t(lang, f"overview.projects_{standing}")] == n(count)
    assert shown[i18n.t(lang, "overview.women_share")] == i18n.percent(lang, figures.women_share)
    captions = [c.value for c in overview.caption]
    assert i18n.t(lang, "overview.women_share_help", n=figures.participants) in captions

    gender_page = _run("pages/gender_page.py", lang)
    shown = {m.label: m.value for m in gender_page.metric}
    assert shown[i18n.t(lang, "gender.women_share")] == i18n.percent(lang, figures.women_share)
    help_text = i18n.t(lang, "gender.women_share_help", participants=n(figures.participants), events=n(figures.events))
    assert help_text in [c.value for c in gender_page.caption]

    evaluation = _run("pages/evaluation_page.py", lang)
    assert headline.summary_line(figures, lang) in [c.value for c in evaluation.caption]


def test_a_members_progress_agrees_between_the_page_the_meeting_and_the_brief(reader: Reader) -> None:
    header = plan.plan_header(reader, KENITRA)
    head = meeting.headline(reader, KENITRA, TODAY)
    brief = brief_content.assemble(reader, KENITRA, "fr", None, TODAY, charts=False)
    assert header is not None and head is not None
    assert head["progress"] == header["progress"]
    facts = dict(brief.facts)
    assert facts[i18n.t("fr", "plan.progress")] == i18n.percent("fr", header["progress"])


def test_with_drafts_included_the_pages_count_every_value(demo_db: Path, reader: Reader) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert at.toggle(key="approved_only").value is True  # on by default
    at.session_state["approved_only"] = False  # the sidebar's switch, off
    at.switch_page("pages/evaluation_page.py").run()
    assert not at.exception, at.exception
    every_value = headline.headline(reader, Filters(), TODAY)
    approved = headline.headline(reader.approved(), Filters(), TODAY)
    captions = [c.value for c in at.caption]
    assert headline.summary_line(every_value, "en") in captions
    assert every_value.indicators_by_standing != approved.indicators_by_standing  # the switch changes something
