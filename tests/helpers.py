"""Helpers shared by the tests."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb
import pandas as pd
import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

T = TypeVar("T")

# The next observation id, in a test's own INSERT (ids are given by the inserting statement).
NEXT_OBSERVATION_ID = "(SELECT coalesce(max(observation_id), 0) + 1 FROM core.observations)"


def open_db(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the database ``path`` names: an embedded master file itself
    (not the snapshot readers see, so a write that changed it without publishing is caught), or
    a cursor on a lake."""
    from mel.db import Reader
    from mel.store import lake_for

    return duckdb.connect(str(path), read_only=True) if lake_for(path) is None else Reader(path).cursor()


def one(row: tuple[Any, ...] | None) -> tuple[Any, ...]:
    """The row ``fetchone()`` gave, for a query that must find one (the test fails if it found none)."""
    assert row is not None, "the query found no row"
    return row


def table_checksums(path: Path) -> dict[str, str]:
    """A checksum of every table's content, ordered, independent of physical layout."""
    con = open_db(path)
    try:
        tables = [
            f"{s}.{t}"
            for s, t in con.execute(
                "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database()"
            ).fetchall()
        ]
        out = {}
        for table in sorted(tables):
            if table == "main.schema_migrations":
                rows = con.execute("SELECT version, name FROM schema_migrations ORDER BY ALL").fetchall()
            else:
                rows = con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            out[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
        return out
    finally:
        con.close()


def import_plan(path: Path, rows: dict[str, list[dict[str, object]]], today: date, lang: str = "fr") -> int:
    """Write a plan as a user would: a plan workbook (in ``lang``) through the plan import; the batch id."""
    from mel.auth import command_line
    from mel.imports import plans
    from mel.imports.plan_template import workbook_bytes

    return plans.commit(workbook_bytes(lang, rows), "plan.xlsx", command_line("test"), today, path)


def plan_rows(
    member: str, start: str, end: str, **sheets: list[dict[str, object]]
) -> dict[str, list[dict[str, object]]]:
    """A minimal plan (one axis unless given) for ``member``, adopted and in implementation."""
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    rows: dict[str, list[dict[str, object]]] = {
        "plan": [{"member_code": member, "cycle": 1, "status": "implementation", "co_created_on": first,
                  "adopted_on": first, "start_on": first, "end_on": last, "source": "test", "demo": False}],
        "axes": [{"axis": 1, "title_fr": "Axe", "title_ar": "محور", "title_en": "Axis", "principles": ["participation"],
                  "demo": False}],
    }  # fmt: skip
    rows.update(sheets)
    return rows


class _TableParser(HTMLParser):
    """The cells of the HTML tables ``ui.table`` draws, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


CHART_TABLE = 'class="mel-chart-table"'  # the table under a chart (ui/figures.py)


def shown_tables(at: Any, charts: bool = False) -> list[pd.DataFrame]:
    """Every table a page run by AppTest shows, as text cells under its headers; with ``charts``,
    also the tables under its charts (``ui.chart``: each chart's figures)."""
    frames = []
    for element in at.get("html"):
        if not charts and CHART_TABLE in element.proto.body:
            continue
        parser = _TableParser()
        parser.feed(element.proto.body)
        for rows in parser.tables:
            frames.append(pd.DataFrame(rows[1:], columns=rows[0]))
    return frames


def show_all_rows(at: Any) -> Any:
    """Ask every long table on the page for all its rows (a table shows its first rows at first)."""
    for toggle in at.toggle:
        if str(toggle.key).startswith("all_rows_"):
            toggle.set_value(True)
    return at.run()


# --- Waiting on a condition, and the logs of the servers the tests start ------------------------
def wait_until(condition: Callable[[], T | None], timeout: float, what: str, interval: float = 0.2) -> T:
    """Call ``condition`` every ``interval`` seconds until it returns something true, and return
    that; raise TimeoutError (naming ``what``) after ``timeout`` seconds. An exception raised by
    ``condition`` ends the wait at once."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what}: not within {timeout:.0f} s")
        time.sleep(interval)  # the polling interval


def tail(path: Path, lines: int = 30) -> str:
    """The last ``lines`` lines of a log file (empty if there is none)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


KEPT_LOGS = pytest.StashKey[dict[str, Mapping[str, Path]]]()
LOG_LINES = 40


def keep_logs(request: pytest.FixtureRequest, logs: Mapping[str, Path]) -> None:
    """Show the last lines of ``logs`` (name -> log file) in the report of every failed test that
    uses the fixture calling this (``log_sections``, read by tests/conftest.py's report hook).
    ``logs`` is read when a test fails, so files added to it later are shown too."""
    assert request.fixturename is not None, "keep_logs is called by a fixture"
    request.config.stash.setdefault(KEPT_LOGS, {})[request.fixturename] = logs


def log_sections(item: pytest.Item) -> list[tuple[str, str]]:
    """(title, last lines) of each non-empty log kept by a fixture ``item`` uses."""
    used = set(getattr(item, "fixturenames", ()))
    sections = []
    for fixture, logs in item.config.stash.get(KEPT_LOGS, {}).items():
        if fixture not in used:
            continue
        for name, path in logs.items():
            text = tail(path, LOG_LINES)
            if text:
                sections.append((f"{name} log, last {LOG_LINES} lines ({path})", text))
    return sections


# --- A page settled in the browser --------------------------------------------------------------
# Watches the page: the time of its last change, and of its script's last run. A run is seen by the
# script-state attribute (its old value is kept, so a run too quick to be drawn still counts).
WATCH = """() => {
  if (window.__melSettle === undefined) {
    const s = window.__melSettle = {last: performance.now(), ran: 0};
    new MutationObserver((records) => {
      const now = performance.now();
      s.last = now;
      for (const r of records) {
        if (r.attributeName === 'data-test-script-state'
            && (r.oldValue === 'running' || r.target.getAttribute(r.attributeName) === 'running')) s.ran = now;
      }
    }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true,
                          attributeOldValue: true});
  }
  return performance.now();
}"""
# Settled: a run since ``since`` (when given), the script idle, no placeholder left, every chart in
# view drawn, and nothing changed on the page for ``quiet`` ms (Streamlit draws a run's last
# elements, and fades out the stale ones, after it marks the script idle).
SETTLED = """([since, quiet]) => {
  const s = window.__melSettle, now = performance.now();
  const app = document.querySelector('[data-testid="stApp"]');
  if (!s || !app || app.dataset.testScriptState !== 'notRunning' || s.ran < since) return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (chart.offsetParent !== null && !chart.querySelector('.main-svg')) return false;
  }
  return now - s.last >= quiet;
}"""
QUIET_MS = 300


def watch(page: Page) -> float:
    """Start watching ``page`` for changes and runs (once per document); the page's clock now, in
    ms: give it to ``settle`` as ``since`` to wait for a run that starts after this moment."""
    return float(page.evaluate(WATCH))


def settle(page: Page, since: float = 0, timeout: int = 60_000) -> None:
    """Wait until ``page`` has settled: its script idle, every chart drawn, nothing changing for a
    moment; with ``since`` (from ``watch``), after a run that started later than that."""
    watch(page)
    page.wait_for_function(SETTLED, arg=[since, QUIET_MS], polling=50, timeout=timeout)


def settle_after(page: Page, action: Callable[[], object], timeout: int = 60_000) -> None:
    """Do ``action`` (a click, a key pressed) and wait until the run it starts has settled."""
    since = watch(page)
    action()
    settle(page, since, timeout)
