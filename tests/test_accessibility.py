"""Accessibility in a real browser: axe-core on every page in the three languages, the member page
with the keyboard alone, and the RAG statuses under a colour-vision deficiency."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from mel import i18n, vocabulary
from mel.pages import PAGES
from tests.conftest import CHROMIUM
from tests.helpers import settle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make test installs it)"
    ),
]

LANGUAGES = ("ar", "fr", "en")
MEMBER_PAGE = "/plan?member=04.281.01.01"
BLOCKING = ("serious", "critical")
# Rules axe may break inside an element of Streamlit's own, which the app cannot change: each rule
# is checked everywhere but in that element (a selector), never turned off for the whole page.
STREAMLIT_EXCUSED: dict[str, str] = {
    # The sidebar's page list (st.navigation with sections): Streamlit puts each section's <div>
    # straight in its <ul>, so the <ul> holds divs and the <li> items sit in a div.
    "list": '[data-testid="stSidebarNav"]',
    "listitem": '[data-testid="stSidebarNav"]',
}


def address(base: str, path: str, lang: str) -> str:
    joiner = "&" if "?" in path else "?"
    return f"{base}{path}{joiner}lang={lang}"


def wait_until_done(page: Page) -> None:
    """Wait until Streamlit has run the page's script, every chart on it is drawn and named for
    screen readers (ui/js/a11y.js), and nothing has changed for a moment."""
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
    settle(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]"
        ".every(c => c.querySelector('.js-plotly-plot[aria-label] .main-svg'))",
        timeout=30_000,
    )
    settle(page)


@pytest.fixture(scope="module")
def context(browser: Browser) -> Iterator[BrowserContext]:
    """One browser context for the module's pages (a fresh page each, the context reused)."""
    made = browser.new_context(viewport={"width": 1400, "height": 1600})
    yield made
    made.close()


def blocking_violations(page: Page) -> list[str]:
    """Every serious or critical violation axe finds on the page, one line per node, as
    ``rule (impact): help -> selector: what fails``; the rules excused above are checked outside
    their element only."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    off = {rule: {"enabled": False} for rule in STREAMLIT_EXCUSED}
    violations = axe.run(page, options={"resultTypes": ["violations"], "rules": off}).response["violations"]
    for inside in sorted(set(STREAMLIT_EXCUSED.values())):
        rules = [rule for rule, element in STREAMLIT_EXCUSED.items() if element == inside]
        only = {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": rules}}
        violations += axe.run(page, context={"exclude": [[inside]]}, options=only).response["violations"]
    found = []
    for violation in violations:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            # the selector's last steps name the element (Streamlit's class names are generated)
            target = " > ".join(str(node["target"][-1]).split(" > ")[-3:])
            summary = " ".join(node.get("failureSummary", "").split())[:240]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {target}: {summary}")
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_serious_violation(server: tuple[str, Path], context: BrowserContext, lang: str) -> None:
    base, _ = server
    problems = []
    for shown in PAGES:
        path = shown.address(example=True)
        page = context.new_page()
        page.goto(address(base, path, lang))
        wait_until_done(page)
        problems += [f"{path} [{lang}] {line}" for line in blocking_violations(page)]
        assert page.evaluate("document.documentElement.lang") == lang  # screen readers pick their voice by it
        page.close()
    assert not problems, "\n".join(problems)


def test_member_page_with_the_keyboard_alone(server: tuple[str, Path], context: BrowserContext) -> None:
    """Tab through the member page: the member picker, a chart's table, the downloads and the
    expanders are all reached, an expander opens with Enter, and focus is visible."""
    base, _ = server
    page = context.new_page()
    page.goto(address(base, MEMBER_PAGE, "en"))
    wait_until_done(page)
    page.evaluate("document.activeElement && document.activeElement.blur()")  # from the top of the page
    reached: list[dict[str, Any]] = []
    download, chart_table = i18n.t("en", "plan.brief_download"), i18n.t("en", "chart.table")
    for _ in range(300):  # past the picker, the tables, the expanders and the downloads, to a chart's table
        if reached and reached[-1]["tag"] == "SUMMARY" and chart_table in reached[-1]["label"]:
            break
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                """() => { const e = document.activeElement; const s = getComputedStyle(e);
                return {tag: e.tagName, role: e.getAttribute('role') || '', label: (e.getAttribute('aria-label')
                || e.innerText || '').slice(0, 60), testid: (e.closest('[data-testid]') || {}).dataset?.testid || '',
                outline: s.outlineStyle !== 'none' && s.outlineWidth !== '0px' || s.boxShadow !== 'none'}; }"""
            )
        )
    summary = "\n".join(f"{r['tag']} {r['role']} {r['testid']} {r['label']!r}" for r in reached)
    assert any(r["role"] == "combobox" and r["label"] == i18n.t("en", "plan.pick_member") for r in reached), summary
    assert any(download in r["label"] for r in reached), summary
    assert any(r["role"] == "region" for r in reached), summary  # a table's scrolling box
    assert chart_table in reached[-1]["label"], summary
    assert all(r["outline"] for r in reached if r["tag"] in ("SUMMARY", "BUTTON") or r["role"] == "region"), summary
    # Enter opens the chart's table (the focused summary)
    details = page.locator("summary:focus").locator("xpath=..").element_handle()
    assert details is not None
    page.keyboard.press("Enter")
    page.wait_for_function("d => d.open", arg=details, timeout=10_000)
    assert details.query_selector("table.mel-table") is not None
    page.close()


@pytest.mark.parametrize("deficiency", ["deuteranopia", "protanopia"])
def test_rag_readable_without_colour(
    server: tuple[str, Path], context: BrowserContext, tmp_path: Path, deficiency: str
) -> None:
    """The scorecard and the member page under an emulated colour-vision deficiency: the RAG
    statuses keep their shapes and words (the screenshots are for a reader to look at)."""
    base, _ = server
    for name, path in (("scorecard", "/evaluation?tab=scorecard"), ("member", MEMBER_PAGE)):
        page = context.new_page()
        session = context.new_cdp_session(page)
        session.send("Emulation.setEmulatedVisionDeficiency", {"type": deficiency})
        page.goto(address(base, path, "en"))
        wait_until_done(page)
        page.screenshot(path=str(tmp_path / f"{name}-{deficiency}.png"), full_page=True)
        if os.environ.get("MEL_A11Y_SHOTS"):  # a folder to keep them in, to look at
            page.screenshot(path=str(Path(os.environ["MEL_A11Y_SHOTS"]) / f"{name}-{deficiency}.png"), full_page=True)
        cells = " ".join(page.locator("table.mel-table").all_inner_texts())
        shapes = [vocabulary.RAG_ICONS[status] for status in ("green", "amber", "red")]
        # the scorecard holds every status; a member's indicators at least one
        assert sum(shape in cells for shape in shapes) >= (2 if name == "scorecard" else 1), cells[:500]
        if name == "member":
            assert i18n.t("en", "rag.green") in cells or i18n.t("en", "rag.red") in cells
        page.close()


def test_page_scripts_survive_the_sanitiser() -> None:
    """Streamlit passes st.html through DOMPurify, which drops a whole script whose text holds a "<"
    before a letter or "/" (a tag in a comment is enough): the page's scripts must hold none."""
    import re

    for script in (Path(__file__).resolve().parent.parent / "ui" / "js").glob("*.js"):
        assert not re.search(r"<[/\w!]", script.read_text(encoding="utf-8")), script.name
