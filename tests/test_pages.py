"""Every page, in every language, run headless with Streamlit's AppTest."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mel import i18n, pages
from mel.vocabulary import PRINCIPLES
from tests.helpers import one, open_db, show_all_rows, shown_tables

ROOT = Path(__file__).resolve().parent.parent


def check_overview(at: AppTest, lang: str) -> None:
    labels = {m.label: m.value for m in at.metric}
    assert labels[i18n.t(lang, "overview.members")] == i18n.number(lang, 228)
    assert len(at.get("plotly_chart")) == 2


def check_growth(at: AppTest, lang: str) -> None:
    labels = {m.label: m.value for m in at.metric}
    assert labels[i18n.t(lang, "growth.members")] == i18n.number(lang, 228)
    assert len(at.get("plotly_chart")) == 2  # the growth chart and the map
    assert len(shown_tables(at)) == 4  # published counts, coverage, members, joining to a plan


def check_plan(at: AppTest, lang: str) -> None:
    assert at.title[0].value in ("Kénitra", "القنيطرة")
    assert len(at.get("plotly_chart")) == 2  # the Gantt chart and the comparison
    assert len(shown_tables(at)) >= 4  # axes, projects, indicators, definitions, comparison


def check_evaluation(at: AppTest, lang: str) -> None:
    assert at.title[0].value == i18n.t(lang, "eval.title")
    # Only the chosen tab is computed and drawn; each tab, chosen by the address, draws its own.
    charts = {"explorer": 3, "matrix": 0, "scorecard": 0, "results": 3, "completeness": 2, "commitments": 0}
    assert len(at.get("plotly_chart")) == charts["explorer"]
    for tab, count in charts.items():
        at.query_params["tab"] = tab
        at.run()
        assert not at.exception, tab
        assert len(at.get("plotly_chart")) == count, tab
        assert shown_tables(at), tab
    # The OGP commitments tab: its table, first column the commitment's ID (national ones always shown).
    headers = [shown.columns[0] for shown in shown_tables(at)]
    assert i18n.t(lang, "ogp.col.commitment") in headers


def check_gender(at: AppTest, lang: str) -> None:
    assert at.title[0].value == i18n.t(lang, "gender.title")
    assert len(at.get("plotly_chart")) == 6  # the census spread, five participation charts (one by group)
    labels = {m.label: m.value for m in at.metric}
    assert labels[i18n.t(lang, "gender.women_share")].rstrip(i18n.RLM).endswith("%")


def check_data(at: AppTest, lang: str) -> None:
    assert at.title[0].value == i18n.t(lang, "data.title")
    assert len(at.text_input) == 2  # signed out: the sign-in form


def check_open_data(at: AppTest, lang: str) -> None:
    assert at.title[0].value == i18n.t(lang, "open_data.title")
    assert not at.text_input  # public: no sign-in
    assert len(at.get("download_button")) == 10  # open data, 4 templates in CSV and XLSX, the plan workbook


def check_history(at: AppTest, lang: str) -> None:
    assert at.title[0].value == i18n.t(lang, "history.title")
    assert len(at.text_input) == 2  # signed out: the sign-in form


def check_users(at: AppTest, lang: str) -> None:
    assert at.title[0].value == i18n.t(lang, "users.title")
    assert len(at.text_input) == 2  # signed out: the sign-in form
    roles = shown_tables(at)[0]  # what each role may do, for everyone
    assert roles.columns[0] == i18n.t(lang, "users.action") and len(roles) == 8


# page (mel.pages) -> check of its main figure
CHECKS: dict[str, Callable[[AppTest, str], None]] = {
    "overview": check_overview,
    "growth": check_growth,
    "plan": check_plan,
    "evaluation": check_evaluation,
    "gender": check_gender,
    "open_data": check_open_data,
    "data": check_data,
    "history": check_history,
    "users": check_users,
}
SCRIPTS = {page.script: page for page in pages.PAGES}


def run_page(page: str, lang: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    return at


def test_every_page_file_is_listed_and_tested() -> None:
    files = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py") if not p.name.startswith("_")}
    assert files == set(SCRIPTS)
    assert set(CHECKS) == {page.slug for page in pages.PAGES}
    assert len({page.url_path for page in pages.PAGES}) == len(pages.PAGES)
    assert [page.default for page in pages.PAGES].count(True) == 1
    assert {page.section for page in pages.PAGES} == set(pages.SECTIONS)


def test_the_readme_lists_every_page() -> None:
    """The README's table of pages is the one drawn from the page list (``mel.pages.readme_table``)."""
    assert pages.readme_table() in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("page", sorted(SCRIPTS))
def test_page_runs_in_language(demo_db: Path, page: str, lang: str) -> None:
    at = run_page(page, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    CHECKS[SCRIPTS[page].slug](at, lang)
    for shown in shown_tables(at, charts=True):  # no raw value reaches a cell; every row says what it is
        cells = set(shown.to_numpy().ravel())
        assert not cells & {"None", "NaT", "nan", "<NA>", "NaN"}, (page, list(shown.columns))
        assert (shown.iloc[:, 0].str.strip() != "").all(), (page, list(shown.columns))
    # Demo data is marked as such (the pages about data show no figures).
    if SCRIPTS[page].figures:
        assert any(w.icon == ":material/science:" for w in at.warning)  # the network's or the plan's notice


def test_region_filter_changes_the_overview(demo_db: Path) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()  # the default page is the Overview, with the sidebar's filters
    at.multiselect(key="region").select("04").run()
    labels = {m.label: m.value for m in at.metric}
    assert labels["Members"] != "228"


def test_language_and_filters_are_kept_in_the_address(demo_db: Path) -> None:
    """The sidebar writes codes into the address and reads them back (the browser test follows
    them across pages)."""
    at = AppTest.from_string("import ui\nui.sidebar()", default_timeout=60)
    at.query_params["lang"] = "ar"
    at.query_params["cohort"] = "1"
    at.run()
    assert at.selectbox(key="lang").value == "ar" and at.multiselect(key="cohort").value == [1]
    at.multiselect(key="region").select("04").run()
    at.selectbox(key="lang").select("en").run()
    assert at.query_params["lang"] in ("en", ["en"]) and at.query_params["region"] in ("04", ["04"])
    at.selectbox(key="lang").select("fr").run()  # the default language is left out
    assert "lang" not in at.query_params
    assert at.multiselect(key="region").value == ["04"]  # kept when the labels change language


def test_growth_cohort_toggle(demo_db: Path) -> None:
    at = run_page("pages/growth_page.py", "en")
    at.segmented_control(key="by").set_value("cohort").run()
    assert not at.exception
    chart = at.get("plotly_chart")[0]
    assert "Cohort 1" in chart.proto.spec and "Cohort 2" in chart.proto.spec


def test_gender_comparison_by_group_is_kept_in_the_address(demo_db: Path) -> None:
    at = run_page("pages/gender_page.py", "fr", compare="region")
    assert not at.exception and at.segmented_control(key="compare").value == "region"
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    title = i18n.t("fr", "gender.compare_title.region")
    compared = next(spec for spec in specs if title in spec["layout"].get("title", {}).get("text", ""))
    assert "Rabat-Salé-Kénitra" in compared["data"][0]["y"]
    at.segmented_control(key="compare").set_value("kind").run()
    assert not at.exception and at.query_params["compare"] in ("kind", ["kind"])
    assert any(i18n.t("fr", "kind.council.plural") in shown[shown.columns[0]].tolist() for shown in shown_tables(at))
    at.segmented_control(key="compare").set_value("cohort").run()  # the default is left out of the address
    assert "compare" not in at.query_params


def test_growth_region_changes_the_members_table(demo_db: Path) -> None:
    at = run_page("pages/growth_page.py", "fr")
    everyone = shown_tables(at)[2]  # after the published counts and the coverage
    at.selectbox(key="map_region").set_value("04").run()
    assert not at.exception
    narrowed = shown_tables(at)[2]
    assert 0 < len(narrowed) < len(everyone)
    assert set(narrowed[i18n.t("fr", "col.region")]) == {"Rabat-Salé-Kénitra"}


def test_growth_honours_the_global_filters(demo_db: Path) -> None:
    at = AppTest.from_file(str(ROOT / "pages" / "growth_page.py"), default_timeout=60)
    at.session_state["cohort"] = [1]
    at.query_params["lang"] = "en"
    at.run()
    labels = {m.label: m.value for m in at.metric}
    assert labels["Members"] == "66"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_plan_page_for_a_demo_member_from_the_url(demo_db: Path, lang: str) -> None:

    con = open_db(demo_db)
    code, name_fr, name_ar = one(
        con.execute(
            "SELECT m.member_code, m.name_fr, m.name_ar FROM members m JOIN plans p USING (member_code) "
            "WHERE m.is_demo AND m.kind = 'commune' AND p.adopted_on IS NOT NULL ORDER BY m.member_code LIMIT 1"
        ).fetchone()
    )
    con.close()
    at = run_page("pages/plan_page.py", lang, member=code)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == (name_ar if lang == "ar" else name_fr)
    assert at.selectbox(key="member").value == code
    assert any(i18n.t(lang, "plan.demo_notice")[:20] in w.value for w in at.warning)


def test_plan_page_unknown_member_in_url(demo_db: Path) -> None:
    at = run_page("pages/plan_page.py", "en", member="99.999")
    assert not at.exception
    assert any("99.999" in w.value for w in at.warning)


def test_plan_page_since_changes_the_brief(demo_db: Path) -> None:
    at = run_page("pages/plan_page.py", "fr", member="04.281.01.01")
    before = [m.value for m in at.metric]
    at.date_input(key="brief_since").set_value(__import__("datetime").date(2025, 1, 1)).run()
    assert not at.exception and [m.value for m in at.metric] != before


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_meeting_mode_walks_every_screen(demo_db: Path, lang: str) -> None:
    at = run_page("pages/plan_page.py", lang, member="04.281.01.01")
    at.toggle(key="meeting").set_value(True).run()
    assert at.query_params["meeting"] in ("1", ["1"])
    for story in ("headline", "late", "due", "done", "off_track", "timeline"):
        assert not at.exception, [e.value for e in at.exception]
        assert i18n.t(lang, f"meeting.story.{story}") in at.markdown[0].value
        for shown in shown_tables(at):
            assert not set(shown.to_numpy().ravel()) & {"None", "NaT", "nan"}
        if story != "timeline":
            at.button(key="meeting_next").click().run()
    assert len(at.get("plotly_chart")) == 1  # the timeline
    at.button(key="meeting_leave").click().run()
    assert "meeting" not in at.query_params and "screen" not in at.query_params


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_evaluation_switching_indicator_and_period(demo_db: Path, lang: str) -> None:
    at = run_page("pages/evaluation_page.py", lang)
    first = shown_tables(at)[0]
    at.selectbox(key="indicator").set_value("PAR-03").run()
    assert not at.exception
    at.selectbox(key="measure").set_value("gap").run()
    at.selectbox(key="period").set_value("2025-Q2").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not shown_tables(at)[0].equals(first)
    assert at.selectbox(key="period").value == "2025-Q2"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_evaluation_matrix_tab(demo_db: Path, lang: str) -> None:
    """The matrix tab from its link: one principle's indicators, this year, summary by region; then
    one column per principle over chosen quarters, without a summary; every choice kept as a code."""
    at = show_all_rows(run_page("pages/evaluation_page.py", lang, tab="matrix", columns="access_to_information"))
    assert not at.exception, [e.value for e in at.exception]
    assert at.tabs[1].label == i18n.t(lang, "eval.tab_matrix")
    summary = next(s for s in shown_tables(at) if s.columns[0] == i18n.t(lang, "matrix.summary_header"))
    assert summary.iloc[0, 0] == i18n.t(lang, "matrix.all_members") and len(summary) == 13  # and the 12 regions
    members = next(s for s in shown_tables(at) if len(s.columns) > 5 and s.columns[5].startswith("ATI-01"))
    assert len(members) == 228 and [c[:6] for c in members.columns[5:]] == ["ATI-01", "ATI-02", "ATI-03", "ATI-04"]
    assert members.iloc[:, 5:].stack().str.match(r"^$|^[●◐○] -?\d+%\u200f?$").all()  # a shape and a share
    at.selectbox(key="columns").set_value("principles").run()
    at.segmented_control(key="window").set_value("range").run()
    at.selectbox(key="first").set_value("2025-Q1").run()
    at.segmented_control(key="summary").set_value("none").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "columns" not in at.query_params  # the default is left out
    assert at.query_params["window"] in ("range", ["range"]) and at.query_params["first"] in ("2025-Q1", ["2025-Q1"])
    assert at.query_params["summary"] in ("none", ["none"])
    headers = [list(s.columns) for s in shown_tables(at)]
    assert not any(h[0] == i18n.t(lang, "matrix.summary_header") for h in headers)
    assert [i18n.t(lang, f"principle.{p}") for p in PRINCIPLES.codes] in [h[5:] for h in headers]
    assert any(i18n.quarter(lang, "2025-Q1") in c.value for c in at.caption)


def test_gender_page_compares_a_member(demo_db: Path) -> None:
    at = run_page("pages/gender_page.py", "fr")
    at.selectbox(key="member").set_value("04.281.01.01").run()
    assert not at.exception
    labels = {m.label for m in at.metric}
    assert i18n.t("fr", "gender.member_women_share") in labels


def signed_in(lang: str, username: str) -> AppTest:
    """The Data page after signing in through its form as one of the test users."""
    from tests.conftest import TEST_PASSWORD

    at = AppTest.from_file(str(ROOT / "pages" / "data_page.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_password").input(TEST_PASSWORD)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_data_page_signed_in_as_a_focal_point(fresh_db: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    monkeypatch.setenv("MEL_DB", str(fresh_db))
    at = signed_in(lang, "bachri")
    assert any("Mohamed Bachri" in s.value for s in at.success)
    assert at.selectbox(key="entry_member").value == "04.281.01.01"
    assert at.selectbox(key="entry_member").options == [at.selectbox(key="entry_member").options[0]]


def test_a_removed_users_open_session_ends(fresh_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mel.auth import remove_user

    monkeypatch.setenv("MEL_DB", str(fresh_db))
    at = signed_in("fr", "bachri")
    assert at.selectbox(key="entry_member").value == "04.281.01.01"
    remove_user("bachri", fresh_db)
    at.run()
    assert not at.exception
    assert any(w.value == i18n.t("fr", "data.session_ended") for w in at.warning)
    assert len(at.text_input) == 2  # back to the sign-in form: nothing can be written


def test_data_page_for_an_evaluator_shows_assessments(fresh_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEL_DB", str(fresh_db))
    at = signed_in("ar", "eva")
    completion = [s for s in at.selectbox if s.key and s.key.startswith("completion_")]
    assert completion  # one assessment form per project of the chosen member
    completion[0].set_value("complete").run()
    assert not at.exception


def test_data_page_for_the_secretariat_offers_any_members_plan(fresh_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mel.auth import add_user
    from tests.conftest import TEST_PASSWORD

    add_user("secretariat", TEST_PASSWORD, "administrator", None, "Secrétariat", fresh_db)
    monkeypatch.setenv("MEL_DB", str(fresh_db))
    at = signed_in("fr", "secretariat")
    chooser = at.selectbox(key="template_plan_member")
    assert len(chooser.options) == 228
    chooser.set_value("04.281.01.01").run()
    assert not at.exception


def test_signing_in_once_serves_every_page(fresh_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Signed in on one page, signed in on the others; signed out from one, signed out of all."""
    import ui
    from tests.conftest import TEST_PASSWORD

    monkeypatch.setenv("MEL_DB", str(fresh_db))
    monkeypatch.setattr(ui, "client", lambda: ("local", "one browser"))  # each run's stand-ins differ
    at = run_page("pages/users_page.py", "fr")
    at.text_input(key="sign_in_username").input("bachri")
    at.text_input(key="sign_in_password").input(TEST_PASSWORD)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Mohamed Bachri" in s.value for s in at.success)
    assert not any(shown.columns[0] == i18n.t("fr", "users.col.username") for shown in shown_tables(at))
    for page in ("pages/data_page.py", "pages/history_page.py"):
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        assert "sign_in_username" not in [w.key for w in at.text_input], page  # no sign-in form
        assert any("Mohamed Bachri" in s.value for s in at.success), page
    assert shown_tables(at)  # the imports and the history of a value
    at.button(key="sign_out").click().run()
    at.switch_page("pages/data_page.py").run()
    assert [w.key for w in at.text_input] == ["sign_in_username", "sign_in_password"]


def test_the_administrator_sees_every_account(fresh_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mel.auth import add_user
    from tests.conftest import TEST_PASSWORD

    add_user("secretariat", TEST_PASSWORD, "administrator", None, "Secrétariat", fresh_db)
    monkeypatch.setenv("MEL_DB", str(fresh_db))
    at = run_page("pages/users_page.py", "ar")
    at.text_input(key="sign_in_username").input("secretariat")
    at.text_input(key="sign_in_password").input(TEST_PASSWORD)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    accounts = next(s for s in shown_tables(at) if s.columns[0] == i18n.t("ar", "users.col.username"))
    assert {"secretariat", "bachri", "eva"} <= set(accounts.iloc[:, 0])
    assert not set(accounts.to_numpy().ravel()) & {"None", "NaT", "nan", "<NA>", "NaN"}


@pytest.mark.parametrize("page", [p.script for p in pages.PAGES if p.figures])
def test_a_page_with_nothing_approved_yet_runs(fresh_db: Path, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    """As a database just upgraded to the reporting cycle: no quarter approved, the public pages empty
    of values but whole."""
    from mel.bench_stores import give_back_locked

    give_back_locked(fresh_db)
    monkeypatch.setenv("MEL_DB", str(fresh_db))
    at = run_page(page, "ar")
    assert not at.exception, [e.value for e in at.exception]
    for shown in shown_tables(at):
        assert not set(shown.to_numpy().ravel()) & {"None", "NaT", "nan", "<NA>", "NaN"}, page
