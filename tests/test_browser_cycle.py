"""A quarter through the whole reporting cycle in a real browser: a focal point enters a value and
submits; an evaluator returns it with a comment; the focal point corrects and submits again; the
evaluator approves; a change is refused; the evaluator reopens with a reason; the change is made.
The history shows every step with who and when."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from mel import explanations, i18n, reporting
from mel.auth import User, add_user
from mel.db import Reader
from mel.i18n import t
from mel.metrics import last_complete_quarter
from tests.conftest import CHROMIUM
from tests.helpers import settle_after
from tests.test_browser import SCREENSHOTS
from tests.test_browser_matrix import settle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make test installs it)"
    ),
]
PASSWORD = "cycle-password-2026"
HEADER = "member_code;indicator_code;period;sex;value;source;note\n"
RETURNED = "La valeur d'ATI-01 semble trop basse."
REOPENED = "Erreur de saisie signalée par la commune."


def _a_member_to_report(db: Path, period: str, today: date) -> tuple[str, str]:
    """A member expected for ``period`` that has taken no step yet (not Kénitra, which other tests
    write to), and its name."""
    table = reporting.network_table(Reader(db), period, today)
    fresh = table[table["last_action"].isna() & (table["member_code"] != "04.281.01.01")]
    row = fresh.sort_values("member_code").iloc[0]
    return str(row["member_code"]), str(row["name_fr"])


def choose(page: Page, key: str, option: str) -> None:
    """Pick ``option`` in select box ``key`` by typing it (a long list shows only its first options)."""
    combobox = page.locator(f".st-key-{key} [role=combobox]")
    combobox.wait_for(timeout=30_000)
    if combobox.evaluate("e => e.value || e.innerText").strip() == option:
        return  # chosen already: choosing it again would not run the page
    combobox.click()
    page.keyboard.type(option)
    # Enter takes the option the typing focused: a click could land on a list drawn again meanwhile.
    page.get_by_role("option", name=option, exact=True).wait_for(timeout=30_000)
    settle_after(page, lambda: page.keyboard.press("Enter"))


def _sign_in(browser: Browser, url: str, username: str, lang: str = "fr") -> Page:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{url}/data?lang={lang}")
    settle(page)
    page.get_by_label(t(lang, "data.username")).fill(username)
    page.get_by_label(t(lang, "data.password")).fill(PASSWORD)
    page.get_by_role("button", name=t(lang, "data.sign_in")).click()
    page.get_by_role("heading", name=t(lang, "cycle.title")).wait_for(timeout=30_000)
    settle(page)
    return page


def _upload(page: Page, tmp_path: Path, member: str, period: str, value: str) -> None:
    path = tmp_path / f"valeurs-{value}.csv"
    path.write_text(HEADER + f"{member};ATI-01;{period};total;{value};registre;\n", encoding="utf-8")
    page.locator('.st-key-upload input[type="file"]').set_input_files(str(path))
    settle(page)


def _confirm(page: Page) -> None:
    page.get_by_role("button", name=t("fr", "data.confirm", n=1)).click()
    page.get_by_text(t("fr", "data.written", batch="§").split("§")[0]).first.wait_for(timeout=30_000)
    settle(page)


def _done(page: Page) -> None:
    page.get_by_text(t("fr", "cycle.done")).wait_for(timeout=30_000)
    settle(page)


def _submit(page: Page, quarter: str) -> None:
    choose(page, "cycle_submit_period", quarter)
    page.locator(".st-key-cycle_submit button").click()
    _done(page)


def _evaluate(page: Page, member_key: str, name: str, button: str, label: str = "", text: str = "") -> None:
    """An evaluator's step: choose the member, write the comment or reason if any, press the button."""
    choose(page, member_key, name)
    if label:
        page.get_by_label(t("fr", label)).fill(text)
    page.locator(f".st-key-{button} button").click()
    _done(page)


def _reload(page: Page) -> None:
    """The page run again, as it is now: another person's step is seen on the next run. (A reload
    of the browser tab would start a new session, signed out.)"""
    page.locator("h1").first.click()  # out of any text field: the shortcut is for the page
    # a run seen even when it ends before a wait for "running" would start
    settle_after(page, lambda: page.keyboard.press("r"))


def test_a_quarter_through_the_whole_cycle(server: tuple[str, Path], browser: Browser, tmp_path: Path) -> None:
    url, db = server
    today = date.today()
    period = last_complete_quarter(today)
    member, name = _a_member_to_report(db, period, today)
    add_user("fp-cycle", PASSWORD, "focal_point", member, "Point focal", db)
    add_user("eva-cycle", PASSWORD, "evaluator", None, "Évaluatrice", db)
    focal = User("fp-cycle", "focal_point", member, "Point focal")
    quarter = i18n.quarter("fr", period)

    # The focal point enters a value, explains what must be explained, and submits.
    fp = _sign_in(browser, url, "fp-cycle")
    _upload(fp, tmp_path, member, period, "40")
    _confirm(fp)
    for row in reporting.unexplained(Reader(db), member, period).itertuples():
        explanations.add_comment(focal, member, row.subject, row.subject_key, "Retard du prestataire.", db)
    _reload(fp)
    _submit(fp, quarter)

    # The evaluator returns it with a comment.
    eva = _sign_in(browser, url, "eva-cycle")
    _evaluate(eva, "cycle_review_member", name, "cycle_return", "cycle.return_comment", RETURNED)

    # The focal point sees the comment, corrects the value and submits again.
    _reload(fp)
    expect(fp.get_by_text(RETURNED).first).to_be_visible()
    _upload(fp, tmp_path, member, period, "55")
    _confirm(fp)
    _submit(fp, quarter)

    # The evaluator approves.
    _reload(eva)
    _evaluate(eva, "cycle_review_member", name, "cycle_approve")

    # A change to the approved quarter is refused, with the reason, and nothing is written.
    _reload(fp)
    _upload(fp, tmp_path, member, period, "60")
    error = fp.locator('[data-testid="stAlertContentError"]').first
    error.wait_for(timeout=30_000)
    assert t("fr", "import.error.quarter_approved", value=period, member=member) in fp.inner_text("body")
    error.scroll_into_view_if_needed()
    fp.screenshot(path=str(SCREENSHOTS / "cycle-locked-fr.png"))

    # The evaluator reopens it with a reason; the change is then made.
    _reload(eva)
    _evaluate(eva, "cycle_reopen_member", name, "cycle_reopen", "cycle.reopen_reason", REOPENED)
    _reload(fp)
    _upload(fp, tmp_path, member, period, "60")
    _confirm(fp)

    # The history: every step, who and when, in the database and on the page.
    steps = reporting.steps(Reader(db), member, period)
    assert list(steps["action"]) == ["submit", "return", "submit", "approve", "reopen"]
    assert list(steps["recorded_by"]) == ["fp-cycle", "eva-cycle", "fp-cycle", "eva-cycle", "eva-cycle"]
    _reload(fp)
    fp.get_by_text(t("fr", "cycle.steps_title")).click()
    choose(fp, "cycle_steps_period", quarter)
    settle(fp)
    body = fp.inner_text("body")
    for label in ("submit", "return", "approve", "reopen"):
        assert t("fr", f"quarter_step.{label}") in body
    assert "eva-cycle" in body and "fp-cycle" in body
    fp.screenshot(path=str(SCREENSHOTS / "cycle-history-fr.png"))
    fp.close()

    # The evaluator's view in Arabic, right to left: the statuses, the late first.
    choose(eva, "lang", "العربية")
    eva.get_by_role("heading", name=t("ar", "cycle.title")).scroll_into_view_if_needed()
    eva.screenshot(path=str(SCREENSHOTS / "cycle-network-ar.png"))
    eva.locator(".st-key-cycle_reopen_member").scroll_into_view_if_needed()
    eva.screenshot(path=str(SCREENSHOTS / "cycle-review-ar.png"))
    eva.close()
