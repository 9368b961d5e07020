"""The three questions an evaluator asks, in a real browser: which members are behind on access to
information this year, by region; the matrix as a file to send, with links that work outside the
app; which members sent no report for some quarters, with their focal point and a link."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from mel.i18n import t
from tests.conftest import CHROMIUM
from tests.helpers import settle as settled
from tests.test_browser import SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make test installs it)"
    ),
]
RABAT = "Rabat-Salé-Kénitra"
MEMBERS = ".st-key-matrix_members table.mel-table"
# The members' table: each row's name, and each cell's sort key in a column.
NAMES = f"() => [...document.querySelectorAll('{MEMBERS} tbody th')].map(c => c.innerText.trim())"
KEYS = f"i => [...document.querySelectorAll('{MEMBERS} tbody tr')].map(r => r.cells[i].dataset.sort)"


def settle(page: Page) -> None:
    """Wait for the page's title, then until it has settled (idle, charts drawn, nothing changing)."""
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
    settled(page)


def choose(page: Page, key: str, option: str) -> None:
    """Pick ``option`` in the select box or multiselect of widget ``key``."""
    page.locator(f".st-key-{key} [role=combobox]").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def download(page: Page, key: str) -> pd.DataFrame:
    """The CSV behind download button ``key``. A file built on click is registered anew by each
    run: a click that reaches the server before the browser has the latest run's button finds
    nothing (Streamlit logs "Deferred file ... not found"), so the click is tried again."""
    for attempt in range(3):
        settle(page)
        try:
            with page.expect_download(timeout=15_000) as info:
                page.locator(f".st-key-{key}_csv button").click()
            return pd.read_csv(info.value.path(), encoding="utf-8-sig", dtype=str)
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def test_which_members_are_behind_and_the_file_to_send(server: tuple[str, Path], browser: Browser) -> None:
    url, _ = server
    page = browser.new_page(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page.goto(f"{url}/")
    settle(page)
    page.goto(f"{url}/evaluation?tab=matrix&lang=fr")
    settle(page)
    # (1) Access to information, this year, in one region, with the summary by region.
    principle = t("fr", "principle.access_to_information")
    choose(page, "columns", t("fr", "matrix.columns.principle", principle=principle))
    expect(page).to_have_url(re.compile(r"columns=access_to_information"))
    settle(page)
    window = page.locator(".st-key-window")
    window.get_by_text(t("fr", "matrix.window.four_quarters"), exact=True).click()
    expect(page).to_have_url(re.compile(r"window=four_quarters"))
    settle(page)
    window.get_by_text(t("fr", "matrix.window.year"), exact=True).click()
    expect(page).not_to_have_url(re.compile(r"window="))  # this year is the default, left out
    settle(page)
    choose(page, "region", RABAT)
    expect(page).to_have_url(re.compile(r"region=04"))
    settle(page)
    headers = page.locator(f"{MEMBERS} thead th")
    expect(headers.nth(5)).to_contain_text("ATI-01")
    regions = page.evaluate(
        f"() => [...document.querySelectorAll('{MEMBERS} tbody tr')].map(r => r.cells[2].innerText)"
    )
    assert set(regions) == {RABAT}
    summary = page.locator(".st-key-matrix_summary table.mel-table")
    expect(summary.locator("thead th").first).to_have_text(t("fr", "matrix.summary_header"))
    expect(summary.locator("tbody th").nth(1)).to_have_text(RABAT)
    # Sorted by a header click: by the share behind each "● 82 %", not by the label.
    before = page.evaluate(NAMES)
    headers.nth(5).click()
    expect(headers.nth(5)).to_have_attribute("aria-sort", "ascending")
    keys = [float(k) for k in page.evaluate(KEYS, 5) if k]
    assert keys == sorted(keys) and len(keys) > 5
    assert page.evaluate(NAMES) != before
    headers.nth(5).click()
    expect(headers.nth(5)).to_have_attribute("aria-sort", "descending")
    assert [float(k) for k in page.evaluate(KEYS, 5) if k] == sorted(keys, reverse=True)
    # (2) The file to send: code, name, region, kind, cohort, and absolute links with the view kept.
    frame = download(page, "matrix")
    for key in ("col.code", "col.name", "col.region", "col.kind", "col.cohort", "col.member_page"):
        assert t("fr", key) in frame.columns, key
    assert set(frame[t("fr", "col.region")]) == {RABAT}
    links = frame[t("fr", "col.member_page")]
    assert links.str.match(rf"^{re.escape(url)}/plan\?member=[\d.]+&lang=fr&region=04$").all(), links.iloc[0]
    assert any(c.startswith("ATI-01") and c.endswith(t("fr", "matrix.field.status")) for c in frame.columns)
    # A member's name opens its page in the same tab, with the language and the filter kept.
    first = page.locator(f"{MEMBERS} tbody th a").first
    name = first.inner_text()
    first.click()
    expect(page).to_have_url(re.compile(r"/plan\?member=[\d.]+&lang=fr&region=04"))
    settle(page)
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(name)
    page.close()


def test_members_without_a_report_with_their_focal_point(server: tuple[str, Path], browser: Browser) -> None:
    """(3) Signed in as an evaluator: members with no report for three quarters, with region,
    focal point, e-mail, phone and a link to their page, on screen and in the file."""
    from mel.auth import add_user

    url, db = server
    add_user("evaluatrice", "matrix-2026-pass", "evaluator", None, "Évaluatrice", db)
    page = browser.new_page(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page.goto(f"{url}/data?lang=fr")
    settle(page)
    page.get_by_label(t("fr", "data.username")).fill("evaluatrice")
    page.get_by_label(t("fr", "data.password")).fill("matrix-2026-pass")
    page.get_by_role("button", name=t("fr", "data.sign_in")).click()
    page.get_by_text("Évaluatrice").first.wait_for(timeout=30_000)
    page.locator('[data-testid="stSidebarNav"] a[href$="/evaluation"]').click()  # the session goes along
    settle(page)
    page.get_by_role("tab", name=t("fr", "eval.tab_results")).click()
    expect(page).to_have_url(re.compile(r"tab=results"))
    settle(page)
    page.locator(".st-key-silent").get_by_text("3", exact=True).click()
    expect(page).to_have_url(re.compile(r"silent=3"))
    settle(page)
    listed = page.locator("table.mel-table", has=page.locator("thead th", has_text=t("fr", "col.focal_point")))
    headers = listed.locator("thead th").all_inner_texts()
    for key in ("col.name", "col.region", "col.focal_point", "col.email", "col.phone", "col.member_page"):
        assert t("fr", key) in headers, key
    assert listed.locator("tbody tr").count() > 0
    href: Any = listed.locator("tbody a").first.get_attribute("href")
    assert href.startswith(f"{url}/plan?member="), href
    frame = download(page, "silent")
    assert {t("fr", k) for k in ("col.region", "col.focal_point", "col.email", "col.phone")} <= set(frame.columns)
    assert frame[t("fr", "col.member_page")].str.startswith(f"{url}/plan?member=").all()
    page.close()


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_matrix_reads_in_both_directions(server: tuple[str, Path], browser: Browser, lang: str) -> None:
    """At 1440×900: the names' column on the start side (right in Arabic), the cells in view."""
    url, _ = server
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{url}/")
    settle(page)
    page.goto(f"{url}/evaluation?tab=matrix&lang={lang}&columns=access_to_information")
    settle(page)
    table = page.locator(MEMBERS)
    expect(table).to_be_visible()
    page.locator('[role="tablist"]').first.evaluate("e => e.scrollIntoView({block: 'start'})")
    box: Any = table.bounding_box()
    name: Any = table.locator("tbody th").first.bounding_box()
    if lang == "ar":
        assert name["x"] + name["width"] >= box["x"] + box["width"] - 2  # the names on the right
    else:
        assert name["x"] <= box["x"] + 2
    # The four indicators' cells fit beside the names without a horizontal scroll.
    scroll = table.evaluate("t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert scroll[0] <= scroll[1] + 1, scroll
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"matrix-{lang}.png"))
    page.close()
