"""Times pages as a person feels them: a real browser (Debian's Chromium) against a served app.

Three measures, medians of ``--runs``:
- a fresh tab: from the address typed to the page settled (the script idle, every visible chart
  drawn, nothing changing on screen for a moment), for each page and for a bare Streamlit page
  served the same way (the floor Streamlit itself sets); each page is reported as a multiple of it;
- in-app navigation: a click in the sidebar's page list to the next page settled;
- a filter change: a region chosen in the sidebar to the page settled again.

Prints JSON on its last line. Run by ``python -m mel bench --browser``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from typing import Any

from playwright.sync_api import BrowserContext, Locator, Page

from benchmarks.server import BROWSER_ARGS, CHROMIUM, ROOT, serving
from mel import pages

# page name -> path in the address (the Overview is served at the root)
PAGE_PATHS = {page.slug: page.address() for page in pages.PAGES}
QUIET_MS = 400  # nothing changed on screen for this long: the page has settled
TIMEOUT_MS = 60_000

# Every change to the page is time-stamped; the script's state is watched for a run.
WATCH = """
window.__settle = {last: performance.now(), ran: 0};
new MutationObserver((records) => {
  const now = performance.now();
  window.__settle.last = now;
  const app = document.querySelector('[data-testid="stApp"]');
  if (app && app.dataset.testScriptState === 'running') window.__settle.ran = now;
  // A run so quick that its 'running' state is never drawn still changes the page's content.
  const main = document.querySelector('[data-testid="stMain"]');
  if (main && records.some((r) => main.contains(r.target))) window.__settle.ran = Math.max(window.__settle.ran, now);
}).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""
# Settled since ``since``: the script ran and is idle, a heading is shown, every visible chart has
# drawn, and nothing changed for QUIET_MS. Returns the time of the last change (the settled time).
SETTLED = """
([since, quiet]) => {
  const s = window.__settle, now = performance.now();
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testScriptState !== 'notRunning' || s.ran < since) return false;
  if (!document.querySelector('[data-testid="stMain"] h1')) return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (chart.offsetParent !== null && !chart.querySelector('.main-svg')) return false;
  }
  if (now - s.last < quiet) return false;
  return s.last;
}
"""


def _settled(page: Page, since: float) -> float:
    """Milliseconds on the page's clock at which it settled after ``since``."""
    try:
        handle = page.wait_for_function(SETTLED, arg=[since, QUIET_MS], polling=50, timeout=TIMEOUT_MS)
    except Exception as exc:
        raise RuntimeError(f"{page.url} did not settle within {TIMEOUT_MS // 1000} s: {exc}") from exc
    return float(handle.json_value())


def fresh_tab(context: BrowserContext, url: str) -> float:
    """Seconds from opening ``url`` in a new tab to the page settled."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        return _settled(page, 0) / 1000  # the page's clock starts when the navigation does
    finally:
        page.close()


def _now(page: Page) -> float:
    return float(page.evaluate("performance.now()"))


def _opened(context: BrowserContext, url: str) -> Page:
    """A new tab on ``url``, once the page has settled."""
    page = context.new_page()
    page.goto(url, wait_until="commit")
    _settled(page, 0)
    return page


def _click_to_settled(page: Page, target: Locator) -> float:
    """Seconds from a click on ``target`` to the page settled again."""
    since = _now(page)
    target.click()
    return (_settled(page, since) - since) / 1000


def navigation(context: BrowserContext, url: str, runs: int) -> list[float]:
    """Seconds from a click on a page in the sidebar's list to that page settled, over ``runs``
    rounds of every page (from the Overview round to it: its link is the list's first)."""
    page = _opened(context, url + "/")
    links = page.locator('[data-testid="stSidebarNav"] a')
    times = []
    for _ in range(runs):
        for path in [*list(PAGE_PATHS.values())[1:], "/"]:
            link = links.first if path == "/" else page.locator(f'[data-testid="stSidebarNav"] a[href$="{path}"]').first
            times.append(_click_to_settled(page, link))
    page.close()
    return times


def filter_change(context: BrowserContext, url: str, runs: int) -> list[float]:
    """Seconds from choosing a region in the sidebar (then removing it) to the Overview settled."""
    page = _opened(context, url + "/")
    region = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    times = []
    for index in range(runs):
        page.keyboard.press("Escape")  # the list of options closed, whatever the last step left
        region.locator("input").click()
        option = page.locator('[role="option"]:not([data-key="__select_all__"])').nth(index)
        option.wait_for(state="visible")
        times.append(_click_to_settled(page, option))  # the page reruns at once; the list stays open
        page.keyboard.press("Escape")
        times.append(_click_to_settled(page, region.locator('button[aria-label^="Remove"]:visible').first))
    page.close()
    return times


def measure(runs: int, pages: list[str]) -> dict[str, Any]:
    """Every measure on the app at MEL_DB and on the floor page, in one browser."""
    from playwright.sync_api import sync_playwright

    result: dict[str, Any] = {"runs": runs, "quiet_ms": QUIET_MS}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        context.add_init_script(WATCH)
        with serving(ROOT / "benchmarks" / "floor_app.py") as floor:
            fresh_tab(context, floor.url)  # static files now in the browser's cache, as for the app
            result["floor_s"] = statistics.median(fresh_tab(context, floor.url) for _ in range(runs))
        with serving(ROOT / "dashboard.py") as app:
            fresh_tab(context, app.url + "/")
            fresh = {}
            for name in pages:
                seconds = statistics.median(fresh_tab(context, app.url + PAGE_PATHS[name]) for _ in range(runs))
                fresh[name] = {"fresh_tab_s": seconds, "over_floor": seconds / result["floor_s"]}
            result["pages"] = fresh
            result["navigation_s"] = statistics.median(navigation(context, app.url, runs))
            result["filter_change_s"] = statistics.median(filter_change(context, app.url, runs))
        browser.close()
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", default=",".join(PAGE_PATHS))
    args = parser.parse_args()
    print(json.dumps(measure(args.runs, args.pages.split(","))))
    sys.exit(0)
