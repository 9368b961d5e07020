"""Pictures of the README's first-five-minutes tour, taken in Debian's Chromium.

Run with the project's venv (it builds a demo database of its own in a temporary folder, so
the demo accounts' passwords are known to it, and serves the app on a free port):
    .venv/bin/python scripts/tour_pictures.py docs/
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.server import BROWSER_ARGS, CHROMIUM, serving  # noqa: E402
from mel import build, demo_accounts, i18n  # noqa: E402
from tests.helpers import settle  # noqa: E402

# (file, address, language, viewport, signed in as): the tour's stops, in its order.
STOPS = (
    ("tour-1-overview-fr.png", "/?lang=fr", "fr", (1440, 900), None),
    ("tour-2-plan-ar.png", f"/plan?member={demo_accounts.KENITRA}&lang=ar", "ar", (1440, 900), None),
    ("tour-3-evaluation-fr.png", "/evaluation?lang=fr", "fr", (1440, 900), None),
    ("tour-4-calendar-ar.png", "/data?lang=ar", "ar", (390, 844), "demo-kenitra"),
)


def settled(page: Page) -> None:
    """Wait until the page's title is drawn, its script has finished and its charts are drawn."""
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=90_000)
    settle(page, timeout=90_000)


def sign_in(page: Page, lang: str, username: str, password: str) -> None:
    """Sign in through the page's form, then wait for the page to settle again."""
    page.get_by_label(i18n.t(lang, "data.username")).fill(username)
    page.get_by_label(i18n.t(lang, "data.password"), exact=True).fill(password)
    page.get_by_role("button", name=i18n.t(lang, "data.sign_in")).click()
    page.get_by_label(i18n.t(lang, "data.password"), exact=True).wait_for(state="detached", timeout=60_000)
    settled(page)


def main(target: Path) -> None:
    """Build a demo database, serve it, and photograph each stop of the tour into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "tour.duckdb"
        env = {"MEL_DB": str(db), "MEL_STORE": "embedded"}
        os.environ.update(env)
        build.build(db, mode="demo", force=True)
        passwords = {a.username: a.password for a in demo_accounts.create(db)}
        with serving(ROOT / "dashboard.py", env) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            for name, address, lang, (width, height), user in STOPS:
                page = browser.new_context(viewport={"width": width, "height": height}).new_page()
                page.goto(server.url + address)
                settled(page)
                if user:
                    sign_in(page, lang, user, passwords[user])
                page.screenshot(path=str(target / name))
                print(f"{target / name}")
                page.context.close()
            browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))
