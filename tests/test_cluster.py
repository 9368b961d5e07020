"""Two app servers on one store behind HAProxy: a write on one is seen on the other, imports at once lose nothing.

Run with ``make test-cluster`` (or ``pytest -m cluster``); the default ``pytest`` run leaves these
tests out. The store is DuckLake with its catalog in a PostgreSQL started here (or the embedded
file, with ``MEL_CLUSTER_STORE=embedded``); see ``tests/cluster.py``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from mel import i18n
from tests.cluster import FOCAL_POINT, FOCAL_POINT_PASSWORD, STICKY_COOKIE, Cluster, cluster
from tests.conftest import CHROMIUM
from tests.helpers import keep_logs

KENITRA = FOCAL_POINT[2]
HEADER = "member_code,indicator_code,period,sex,value,source,note\n"
SEEN_WITHIN = 2.0  # seconds from a write on server A to the start of a run on server B that shows it
ROWS_PER_IMPORT = 300

pytestmark = [
    pytest.mark.cluster,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
    pytest.mark.skipif(shutil.which("haproxy") is None, reason="HAProxy is not installed (make test-cluster)"),
    pytest.mark.skipif(
        not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")), reason="PostgreSQL is not installed"
    ),
]


@pytest.fixture(scope="module")
def deployment(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, browser: Browser
) -> Iterator[Cluster]:
    """PostgreSQL, the store, two app servers and HAProxy, shared by this module's tests; a failed
    test's report shows the last lines of their logs."""
    with cluster(tmp_path_factory.mktemp("cluster-logs")) as c:
        keep_logs(request, c.logs)
        # Streamlit decides on a process's first session whether the app uses st.navigation (a
        # first visit straight to a sub-page finds no page): open the root once on each server.
        for url in (c.server_a, c.server_b):
            page = browser.new_page()
            page.goto(f"{url}/")
            wait_until_done(page)
            page.close()
        yield c


# --- Reading the store from outside the app, as an operator would ------------------------------
READ_CURRENT = """
import json, sys
from mel.db import Reader
query = sys.stdin.read()
rows = Reader().cursor().execute(query).fetchall()
print(json.dumps([[str(v) if not isinstance(v, (int, float)) else v for v in row] for row in rows]))
"""


def read(c: Cluster, query: str) -> list[list[Any]]:
    """Rows of ``query`` over the store's public views, read by ``mel.db.Reader`` in a process of its own."""
    done = c.run([sys.executable, "-c", READ_CURRENT], "read", input_text=query, timeout=60)
    assert done.returncode == 0, done.stderr
    rows: list[list[Any]] = json.loads(done.stdout)
    return rows


def current_values(c: Cluster, keys: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], float]:
    """The current total value of each (member, indicator, period)."""
    wanted = {tuple(k) for k in keys}
    rows = read(
        c,
        "SELECT member_code, indicator_code, period, value FROM observations_current WHERE sex = 'total' "
        f"AND member_code IN ({', '.join(sorted({repr(k[0]) for k in keys}))})",
    )
    return {(m, i, p): float(v) for m, i, p, v in rows if (m, i, p) in wanted}


# --- A write through server A, seen on server B ------------------------------------------------
def wait_until_done(page: Page) -> None:
    """Wait until the page's title is drawn and its script has finished."""
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)


# Counts the page's finished runs: Streamlit marks the app "running", then "notRunning" again.
COUNT_RUNS = """() => {
    if (window.melRuns === undefined) {
        window.melRuns = 0;
        const app = document.querySelector('[data-testid="stApp"]');
        new MutationObserver(() => {
            if (app.getAttribute('data-test-script-state') === 'notRunning') window.melRuns += 1;
        }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    }
    return window.melRuns;
}"""


def indicator_row(page: Page, code: str) -> list[str]:
    """The cells of the indicator tracking table's row for ``code`` (empty if not shown)."""
    cells: list[str] = page.evaluate(
        """code => {
            const row = [...document.querySelectorAll('table.mel-table tr')]
                .find(r => [...r.querySelectorAll('td, th')].some(c => c.innerText.trim() === code));
            return row ? [...row.querySelectorAll('td, th')].map(c => c.innerText.trim()) : [];
        }""",
        code,
    )
    return cells


def test_a_value_written_on_server_a_is_seen_on_server_b(deployment: Cluster, browser: Browser, tmp_path: Path) -> None:
    latest = read(
        deployment,
        "SELECT period, value FROM observations_current WHERE member_code = '04.281.01.01' "
        "AND indicator_code = 'ATI-01' AND sex = 'total' AND period <= strftime(current_date, '%Y-Q') "
        "|| ((month(current_date) + 2) // 3) ORDER BY period DESC LIMIT 1",
    )
    assert latest, "Kénitra has no value of ATI-01 in the demo data"
    period, old = latest[0][0], float(latest[0][1])
    new = 12.3 if old != 12.3 else 45.6  # a percent; shown as "12.3" in English

    # Server B shows Kénitra's programme before the write.
    context_b = browser.new_context(viewport={"width": 1400, "height": 2400})
    page_b = context_b.new_page()
    page_b.goto(f"{deployment.server_b}/plan?member={KENITRA}&lang=en")
    wait_until_done(page_b)
    # the value written below is a draft (its quarter not approved): shown with drafts included
    page_b.get_by_text(i18n.t("en", "sidebar.approved_only")).click()
    page_b.get_by_text(i18n.t("en", "sidebar.drafts_included")).wait_for(timeout=30_000)
    wait_until_done(page_b)
    # Streamlit ignores its "r" key while a widget has the focus: give the focus back to the page
    page_b.evaluate("() => document.activeElement && document.activeElement.blur()")
    assert str(new) not in indicator_row(page_b, "ATI-01")

    # The focal point signs in on server A and records the value through the Data page.
    context_a = browser.new_context(viewport={"width": 1400, "height": 2400})
    page_a = context_a.new_page()
    page_a.goto(f"{deployment.server_a}/data?lang=en")
    wait_until_done(page_a)
    page_a.get_by_label(i18n.t("en", "data.username")).fill(FOCAL_POINT[0])
    page_a.get_by_label(i18n.t("en", "data.password"), exact=True).fill(FOCAL_POINT_PASSWORD)
    page_a.get_by_role("button", name=i18n.t("en", "data.sign_in")).click()
    page_a.get_by_text(FOCAL_POINT[3]).first.wait_for(timeout=30_000)
    upload = tmp_path / "values.csv"
    upload.write_text(HEADER + f"{KENITRA},ATI-01,{period},total,{new},registry,\n", encoding="utf-8")
    page_a.locator('.st-key-upload input[type="file"]').set_input_files(str(upload))
    confirm = page_a.get_by_role("button", name=i18n.t("en", "data.confirm", n=1))
    confirm.wait_for(timeout=30_000)
    confirm.click()
    written = re.compile(re.escape(i18n.t("en", "data.written", batch="§").split("§")[0]))
    page_a.get_by_text(written).first.wait_for(timeout=30_000)
    written_at = time.monotonic()

    # Server B shows it at its next run: rerun its page (Streamlit's "r" key) until it does. The
    # deadline bounds when the run that shows it starts: how long the page then takes to run (more
    # with DuckLake, which reads Parquet files, than with the embedded file) is the page's speed,
    # not the store's delay, and is printed beside it.
    row: list[str] = []
    while True:
        run_started = time.monotonic() - written_at
        assert run_started <= SEEN_WITHIN, f"server B still shows {row} {run_started:.1f} s after the write"
        runs = page_b.evaluate(COUNT_RUNS)
        page_b.locator("body").press("r")
        page_b.wait_for_function("n => window.melRuns > n", arg=runs, timeout=30_000)
        row = indicator_row(page_b, "ATI-01")
        if str(new) in row:
            break
    print(
        f"server B ({deployment.store} store): its run started {run_started:.2f} s after the write on server A "
        f"showed the value, on screen {time.monotonic() - written_at:.2f} s after the write"
    )
    context_a.close()
    context_b.close()


def test_haproxy_keeps_a_session_on_one_server(deployment: Cluster, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{deployment.proxy}/?lang=en")
    wait_until_done(page)
    page.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    assert cookies.get(STICKY_COOKIE) in ("a", "b"), cookies
    # The page runs over its websocket through HAProxy; a lost one shows "Connection error".
    page.goto(f"{deployment.proxy}/growth?lang=en")
    wait_until_done(page)
    assert page.get_by_text(re.compile("connection error", re.IGNORECASE)).count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0
    assert {c["name"]: c["value"] for c in context.cookies()}[STICKY_COOKIE] == cookies[STICKY_COOKIE]
    context.close()


# --- Two imports at once, as two servers would run them -----------------------------------------
def import_file(rows: list[list[Any]], units: dict[str, str]) -> tuple[str, dict[tuple[str, str, str], float]]:
    """A CSV correcting each (member, indicator, period, value) by one unit, and the values it writes."""
    caps = {"percent": 100.0, "days": 3650.0}
    lines, values = [HEADER], {}
    for member, indicator, period, old in rows:
        old = float(old)
        new = old + 1 if old + 1 <= caps.get(units[indicator], float("inf")) else old - 1
        new = round(new, 4)
        shown = str(int(new)) if new.is_integer() else str(new)
        lines.append(f"{member},{indicator},{period},total,{shown},cluster test,\n")
        values[(member, indicator, period)] = new
    return "".join(lines), values


def test_two_imports_at_once_lose_nothing(deployment: Cluster, tmp_path: Path) -> None:
    units = dict(read(deployment, "SELECT code, unit FROM indicators"))
    candidates = read(
        deployment,
        "SELECT member_code, indicator_code, period, value FROM observations_current o "
        "JOIN indicators i ON i.code = o.indicator_code "
        f"WHERE o.sex = 'total' AND NOT i.by_sex AND o.member_code <> '{KENITRA}' "
        "AND o.period < strftime(current_date, '%Y-Q') || ((month(current_date) + 2) // 3) "
        "ORDER BY member_code, indicator_code, period",
    )
    members = sorted({row[0] for row in candidates})
    halves = [set(members[0::2]), set(members[1::2])]  # different members in each file
    files, expected = [], []
    for n, half in enumerate(halves):
        rows = [row for row in candidates if row[0] in half][:ROWS_PER_IMPORT]
        assert len(rows) == ROWS_PER_IMPORT, f"only {len(rows)} values to correct"
        text, values = import_file(rows, units)
        path = tmp_path / f"server-{'ab'[n]}.csv"
        path.write_text(text, encoding="utf-8")
        files.append(path)
        expected.append(values)
    before = current_values(deployment, [k for values in expected for k in values])

    started = [
        subprocess.Popen(
            [sys.executable, "-m", "mel", "import", str(path), "--by", f"server {'ab'[n]}"],
            env=deployment.env,
            cwd=Path(__file__).resolve().parent.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, path in enumerate(files)
    ]
    outcomes = [(p.wait(timeout=120), *p.communicate()) for p in started]
    with deployment.log("imports").open("w", encoding="utf-8") as log:
        for path, (code, out, err) in zip(files, outcomes, strict=True):
            log.write(f"$ mel import {path.name}\n{out}{err}[exit {code}]\n")

    print("imports at once:", ", ".join("written" if code == 0 else f"refused ({code})" for code, _, _ in outcomes))
    succeeded = [code == 0 for code, _, _ in outcomes]
    assert any(succeeded), f"both imports failed: {outcomes}"
    for ok, (code, out, err) in zip(succeeded, outcomes, strict=True):
        if ok:
            assert re.search(r"written: batch \d+", out), out
        else:  # refused: said so plainly, and not by a crash
            assert "Traceback" not in err, err
            assert re.search(r"nothing (was )?written", err, re.IGNORECASE), (code, err)

    after = current_values(deployment, [k for values in expected for k in values])
    for ok, values in zip(succeeded, expected, strict=True):
        if ok:  # every value of a successful import is there
            lost = {k: (v, after.get(k)) for k, v in values.items() if after.get(k) != v}
            assert not lost, f"{len(lost)} value(s) lost, e.g. {list(lost.items())[:5]}"
        else:  # nothing of a refused import is
            written = {k for k in values if after.get(k) != before[k]}
            assert not written, f"a refused import wrote {len(written)} value(s)"
