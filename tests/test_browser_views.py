"""The views commune leaders use, in a real browser: what each table row is stays in view on a
wide screen, a projector and a phone; meeting mode walks with the keyboard; paper is whole."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from mel import i18n, pages
from tests.conftest import CHROMIUM
from tests.helpers import settle as settled
from tests.helpers import settle_after
from tests.test_browser import SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make test installs it)"
    ),
]
KENITRA = "04.281.01.01"
VIEWPORTS = {"desktop": (1440, 900), "projector": (1280, 720), "phone": (390, 844)}
# Every page, and each tab of the evaluation page (a tab's tables are drawn when it is chosen).
PATHS = [
    *(page.address(example=True).removeprefix("/") for page in pages.PAGES),
    "evaluation?tab=matrix",
    "evaluation?tab=scorecard",
    "evaluation?tab=results",
    "evaluation?tab=completeness",
    "evaluation?tab=commitments",
]
RAW = {"None", "NaT", "nan", "NaN", "<NA>", "total", "women", "men", "on_track", "green", "amber", "red"}

SETTLED = '[data-testid="stApp"][data-test-script-state="notRunning"]'

# For every table drawn (in view or below it): where its first body cell is, left to right, and
# every cell's text.
TABLES = """() => [...document.querySelectorAll('table.mel-table')]
  .filter(t => t.offsetParent !== null && t.tBodies[0] && t.tBodies[0].rows.length)
  .map(t => { const r = t.tBodies[0].rows[0].cells[0].getBoundingClientRect();
              return {left: r.left, right: r.right, header: t.tHead.rows[0].cells[0].innerText,
                      cells: [...t.querySelectorAll('td, tbody th')].map(c => c.innerText.trim())}; })"""
# Elements of the page wider than the window (inside a table's own scrolling box is allowed).
OVERFLOW = """() => { const w = document.documentElement.clientWidth;
  return [...document.querySelectorAll('[data-testid="stMain"] *')].filter(e => {
    // a table's box and a row of tabs scroll themselves; a chart's inside is clipped
    if (e.closest('.mel-table-wrap, [role=tablist]') || e.ownerSVGElement) return false;
    if (e.matches('input[type=checkbox], input[type=radio]') || e.closest('[aria-hidden=true]')) return false;
    const r = e.getBoundingClientRect();
    const shown = r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
    return shown && (r.right > w + 1 || r.left < -1);
  }).slice(0, 5).map(e => e.tagName + ' ' + (e.getAttribute('data-testid') || e.className) + ' '
    + Math.round(e.getBoundingClientRect().left) + '..' + Math.round(e.getBoundingClientRect().right)); }"""


def settle(page: Page, timeout: int = 60_000) -> None:
    page.wait_for_selector(SETTLED, timeout=timeout)
    settled(page, timeout=timeout)


def joined(path: str, **params: str) -> str:
    extra = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{path}{'&' if '?' in path else '?'}{extra}"


@pytest.mark.parametrize("lang", ["ar", "fr"])
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_every_table_shows_what_each_row_is(
    server: tuple[str, Path], browser: Browser, viewport: str, lang: str
) -> None:
    url, _ = server
    width, height = VIEWPORTS[viewport]
    page = browser.new_page(viewport={"width": width, "height": height})
    seen = 0
    for path in PATHS:
        page.goto(f"{url}/{joined(path, lang=lang)}")
        page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
        settle(page)
        for table in page.evaluate(TABLES):
            seen += 1
            where = (path, viewport, lang, table["header"])
            assert table["left"] >= 0 and table["right"] <= width, where
            assert not set(table["cells"]) & RAW, (where, sorted(set(table["cells"]) & RAW))
        if viewport == "phone":
            assert not page.evaluate(OVERFLOW), (path, page.evaluate(OVERFLOW))
            # the sidebar is closed and nothing of it lies over the content
            assert page.evaluate(
                "() => { const s = document.querySelector('[data-testid=stSidebarContent]');"
                " if (!s || s.offsetParent === null) return true; const r = s.getBoundingClientRect();"
                " return r.right <= 0 || r.left >= innerWidth; }"
            ), path
    assert seen >= 15  # the pages' tables were there to check
    page.close()


@pytest.mark.parametrize("lang", ["ar", "fr"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_meeting_mode_fits_the_projector_and_walks_with_the_keyboard(
    server: tuple[str, Path], browser: Browser, lang: str, size: tuple[int, int]
) -> None:
    url, _ = server
    width, height = size
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{url}/plan?member={KENITRA}&meeting=1&lang={lang}")
    page.wait_for_selector(".st-key-meeting_next", timeout=60_000)
    settle(page)
    assert not page.locator('[data-testid="stSidebarContent"]').is_visible()
    forward = "ArrowLeft" if lang == "ar" else "ArrowRight"
    for screen in range(1, 7):
        assert f"screen={screen}" in page.url or (screen == 1 and "screen=" not in page.url), page.url
        heading = page.locator('[data-testid="stMain"] h1').first.inner_text()
        assert heading.startswith("القنيطرة" if lang == "ar" else "Kénitra"), heading
        assert not page.evaluate(OVERFLOW), (screen, page.evaluate(OVERFLOW))
        scroll = page.evaluate(
            "() => { const m = document.querySelector('[data-testid=stMain]'); return [m.scrollWidth, m.clientWidth]; }"
        )
        assert scroll[0] <= scroll[1], (screen, scroll)
        if screen == 6:
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
            chart = page.locator(".js-plotly-plot").first.bounding_box()
            assert chart is not None, "the timeline is drawn"
            assert chart["y"] + chart["height"] <= height + 1  # the timeline is whole on the screen
        page.screenshot(path=str(SCREENSHOTS / f"meeting-{lang}-{width}-{screen}.png"))
        if screen < 6:
            page.keyboard.press(forward)
            page.wait_for_url(re.compile(rf"screen={screen + 1}"), timeout=30_000)
            settle(page)
    page.keyboard.press("ArrowRight" if lang == "ar" else "ArrowLeft")
    page.wait_for_url(re.compile(r"screen=5"), timeout=30_000)
    page.close()


@pytest.mark.parametrize("lang", ["ar", "fr"])
@pytest.mark.parametrize("path", [f"plan?member={KENITRA}", "gender", "evaluation?tab=scorecard"])
def test_printing_gives_whole_a4_pages(
    server: tuple[str, Path], browser: Browser, tmp_path: Path, lang: str, path: str
) -> None:
    url, _ = server
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{url}/{joined(path, lang=lang)}")
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
    settle(page)  # charts drawn too
    page.emulate_media(media="print")
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
    page.close()
    count = re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf)))
    assert count is not None, "pdfinfo gives the page count"
    pages = int(count.group(1))
    subject = {
        "plan": "القنيطرة" if lang == "ar" else "Kénitra",
        "gender": i18n.t(lang, "gender.title"),
        "evaluation": i18n.t(lang, "eval.title"),
    }[path.split("?")[0]]
    for number in range(1, pages + 1):
        text = _run("pdftotext", "-f", str(number), "-l", str(number), "-layout", str(pdf), "-")
        assert _words(subject) <= _words(text), (path, lang, number)
        assert len(text.split()) > 20, (path, lang, number)  # no page without content
    if path.startswith("plan"):
        (SCREENSHOTS / f"print-plan-{lang}.pdf").write_bytes(pdf.read_bytes())


def _words(text: str) -> set[str]:
    # pdftotext may give Arabic in visual order: compare words, each also reversed.
    words = set(re.findall(r"\w+", text))
    return words | {w[::-1] for w in words}


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout


def test_links_keep_the_view_across_pages(server: tuple[str, Path], browser: Browser) -> None:
    url, _ = server
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{url}/growth?lang=ar&region=04&cohort=1")
    settle(page)
    assert page.locator("h1").first.inner_text() == i18n.t("ar", "growth.title")
    settle_after(page, page.locator('[data-testid="stSidebarNav"] a[href$="/plan"]').click)
    assert "lang=ar" in page.url and "region=04" in page.url and "cohort=1" in page.url, page.url
    settle_after(page, page.locator('[data-testid="stSidebarNav"] a[href$="/evaluation"]').click)
    settle_after(page, page.get_by_role("tab", name=i18n.t("ar", "eval.tab_scorecard")).click)
    assert "tab=scorecard" in page.url and "lang=ar" in page.url, page.url
    copied = page.url
    page.close()
    fresh = browser.new_page(viewport={"width": 1440, "height": 900})
    fresh.goto(copied)
    settle(fresh)
    selected = fresh.locator('[role="tab"][aria-selected="true"]').first.inner_text()
    assert selected == i18n.t("ar", "eval.tab_scorecard")
    fresh.close()


def test_a_focal_point_records_the_meeting(server: tuple[str, Path], browser: Browser) -> None:
    """Signed in on the Data page, Kénitra's focal point records today's meeting in meeting mode;
    the day is stored, and "done since" will start there at the next meeting."""
    from datetime import date

    from mel import meeting
    from mel.db import Reader

    url, db = server
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{url}/data?lang=fr")
    settle(page)
    page.get_by_label(i18n.t("fr", "data.username")).fill("bachri")
    page.get_by_label(i18n.t("fr", "data.password")).fill("kenitra-2026")
    page.get_by_role("button", name=i18n.t("fr", "data.sign_in")).click()
    page.get_by_text("Mohamed Bachri").first.wait_for(timeout=30_000)
    settle_after(page, page.locator('[data-testid="stSidebarNav"] a[href$="/plan"]').click)
    page.locator(".st-key-meeting label").click()
    page.wait_for_selector(".st-key-meeting_record button", timeout=30_000)
    assert "meeting=1" in page.url
    page.locator(".st-key-meeting_record button").click()
    page.get_by_text(i18n.t("fr", "meeting.recorded_today")).wait_for(timeout=30_000)
    page.close()
    reader = Reader(db)
    try:
        assert meeting.last_meeting(reader, KENITRA) == date.today()
    finally:
        reader.close()
