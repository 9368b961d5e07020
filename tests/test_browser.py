"""Real-browser tests: Playwright driving Debian's Chromium against a server started here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page

from mel import i18n, pages
from mel.store import environment as store_env
from tests.conftest import CHROMIUM
from tests.helpers import settle

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "tests" / "screenshots"
# page (mel.pages) -> (a selector for the page's main figure, how many charts it draws)
MAIN_FIGURE = {
    "overview": ('[data-testid="stMetric"]', 2),
    "growth": ("table.mel-table", 2),
    "plan": ("table.mel-table", 2),
    "evaluation": ("table.mel-table", 3),
    "gender": ('[data-testid="stMetric"]', 4),
    "open_data": ('[data-testid="stDownloadButton"]', 0),
    "data": ('[data-testid="stForm"]', 0),
    "history": ('[data-testid="stForm"]', 0),
    "users": ('[data-testid="stForm"]', 0),
}
# url path (with its example parameters; the Overview is served at the root) -> its main figure
PAGES = {page.address(example=True).removeprefix("/"): MAIN_FIGURE[page.slug] for page in pages.PAGES}
# Streamlit's front end first probes its endpoints under the page's own path, then at the root.
STREAMLIT_PROBE = re.compile(r"/[^/]+/_stcore/(health|host-config)$")


pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make test installs it)"
    ),
]


def open_page(browser: Browser, url: str, charts: int) -> tuple[Page, list[str], list[str]]:
    """Open ``url``, wait until Streamlit has finished and every chart is drawn."""
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    console_errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on(
        "response",
        lambda r: (
            console_errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not STREAMLIT_PROBE.search(r.url)
            else None
        ),
    )
    page.on(
        "request",
        lambda r: (
            foreign.append(r.url)
            if urlparse(r.url).hostname not in ("127.0.0.1", "localhost", None)
            and not r.url.startswith(("data:", "blob:"))
            else None
        ),
    )
    page.goto(url)
    wait_until_done(page, charts)
    return page, console_errors, foreign


def wait_until_done(page: Page, charts: int) -> None:
    # Every page has a title; waiting for it first avoids reading "notRunning" before the first run.
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    # Plotly is loaded lazily: wait until the page's charts are all drawn.
    page.wait_for_function(
        "n => [...document.querySelectorAll('.js-plotly-plot')].filter(p => p.querySelector('.main-svg')).length >= n",
        arg=charts,
        timeout=30_000,
    )
    settle(page)


def drafts_included(page: Page, lang: str = "en") -> None:
    """Turn the sidebar's switch off: the figures then count quarters not yet approved too."""
    page.get_by_text(i18n.t(lang, "sidebar.approved_only")).click()
    page.get_by_text(i18n.t(lang, "sidebar.drafts_included")).wait_for()
    wait_until_done(page, 0)


@pytest.mark.parametrize("lang", ["ar", "fr"])
@pytest.mark.parametrize("path", sorted(PAGES))
def test_page_in_browser(server: tuple[str, Path], browser: Browser, path: str, lang: str) -> None:
    url, _ = server
    selector, charts = PAGES[path]
    joiner = "&" if "?" in path else "?"
    page, console_errors, foreign = open_page(browser, f"{url}/{path}{joiner}lang={lang}", charts)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = (path.split("?")[0] or "overview") + f"-{lang}.png"
    page.screenshot(path=str(SCREENSHOTS / shot), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert page.locator(selector).count() > 0
    assert page.locator(".js-plotly-plot .main-svg").count() >= charts
    # "Failed to load resource" lines are checked through the responses themselves (above).
    assert not [e for e in console_errors if not e.startswith("Failed to load resource")], console_errors
    assert not foreign, foreign
    direction = page.evaluate("getComputedStyle(document.querySelector('[data-testid=\"stMain\"]')).direction")
    assert direction == ("rtl" if lang == "ar" else "ltr")
    page.close()


def test_command_line_write_while_serving(server: tuple[str, Path], browser: Browser) -> None:
    """The app keeps serving while ``python -m mel`` writes, and then shows the new data."""
    url, db = server
    page, _, _ = open_page(browser, f"{url}/?lang=en", 2)
    drafts_included(page)  # the value recorded below is a draft: not yet approved
    before = page.locator('[data-testid="stAlertContentWarning"]').inner_text()
    done = subprocess.run(
        [sys.executable, "-m", "mel", "record", "04.281.01.01", "DIG-01", "2026-Q3", "14"],
        env={**os.environ, **store_env(db)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    page.reload()
    wait_until_done(page, 2)
    drafts_included(page)
    after = page.locator('[data-testid="stAlertContentWarning"]').inner_text()
    assert before != after
    values = i18n.t("en", "demo.notice").split("{values}")[0].split("{demo_values}")[0]
    assert values[:10] in after
    page.close()


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_growth_map_and_chart_are_drawn(server: tuple[str, Path], browser: Browser, lang: str) -> None:
    url, _ = server
    page, _, _ = open_page(browser, f"{url}/growth?lang={lang}", 2)
    page.screenshot(path=str(SCREENSHOTS / f"growth-map-{lang}.png"))
    fills_per_plot = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(p => p.querySelectorAll('path.js-fill').length)"
    )
    assert 12 in fills_per_plot  # the map: one filled path per region
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')[0].querySelectorAll('path.js-fill')]"
        ".filter(p => (p.getAttribute('d') || '').length > 20).length"
    )
    assert drawn >= 3  # the growth chart: regions, councils and communes have data
    page.close()


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_kenitra_plan_gantt_indicators_and_brief(server: tuple[str, Path], browser: Browser, lang: str) -> None:
    url, _ = server
    page, _, _ = open_page(browser, f"{url}/plan?member=04.281.01.01&lang={lang}", 2)
    assert page.locator("h1").first.inner_text() == ("القنيطرة" if lang == "ar" else "Kénitra")
    # the Gantt chart: one bar per project (six in Kénitra's plan) and milestone markers
    bars = page.evaluate(
        "() => document.querySelectorAll('.js-plotly-plot')[0].querySelectorAll('g.barlayer path').length"
    )
    assert bars == 6
    assert page.locator("table.mel-table").count() >= 4
    with page.expect_download() as info:
        page.get_by_role("button", name=i18n.t(lang, "plan.brief_download")).click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    page.close()


def test_sign_in_upload_fix_confirm_and_see_the_value(
    server: tuple[str, Path], browser: Browser, tmp_path: Path
) -> None:
    url, _ = server
    page, _, _ = open_page(browser, f"{url}/data?lang=fr", 0)
    page.get_by_label(i18n.t("fr", "data.username")).fill("bachri")
    page.get_by_label(i18n.t("fr", "data.password")).fill("kenitra-2026")
    page.get_by_role("button", name=i18n.t("fr", "data.sign_in")).click()
    page.get_by_text("Mohamed Bachri").first.wait_for(timeout=30_000)
    header = "member_code;indicator_code;period;sex;value;source;note\n"
    bad = tmp_path / "valeurs.csv"
    bad.write_text(header + "04.281.01.01;ATI-01;2026-Q3;total;soixante;registre;\n", encoding="utf-8")
    page.locator('.st-key-upload input[type="file"]').set_input_files(str(bad))
    error = page.locator('[data-testid="stAlertContentError"]').first
    error.wait_for(timeout=30_000)
    assert i18n.t("fr", "data.rejected", n=1) in error.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "data-error-fr.png"), full_page=True)
    good = tmp_path / "valeurs-corrigees.csv"
    good.write_text(header + "04.281.01.01;ATI-01;2026-Q3;total;66,6;registre;\n", encoding="utf-8")
    page.locator('.st-key-upload input[type="file"]').set_input_files(str(good))
    confirm = page.get_by_role("button", name=i18n.t("fr", "data.confirm", n=1))
    confirm.wait_for(timeout=30_000)
    page.screenshot(path=str(SCREENSHOTS / "data-preview-fr.png"), full_page=True)
    confirm.click()
    # Whatever its number (a command-line write may have made one before): "written as batch N".
    written = re.compile(re.escape(i18n.t("fr", "data.written", batch="§").split("§")[0]))
    page.get_by_text(written).first.wait_for(timeout=30_000)
    page.close()
    plan, _, _ = open_page(browser, f"{url}/plan?member=04.281.01.01&lang=fr", 2)
    drafts_included(plan, "fr")  # the value's quarter is not approved: shown with drafts included
    # the brief counts values reported since 90 days ago: the new value is one of them
    plan.get_by_text(i18n.t("fr", "plan.change.value_reported")).first.wait_for()
    plan.get_by_text(i18n.t("fr", "plan.change.value_reported") + " (").first.click()  # an expander: no run
    settle(plan)
    cells = plan.evaluate("() => [...document.querySelectorAll('table.mel-table td')].map(c => c.innerText)")
    plan.screenshot(path=str(SCREENSHOTS / "data-after-fr.png"), full_page=True)
    assert any("66,6" in c or "66.6" in c for c in cells), cells[:40]
    plan.close()
