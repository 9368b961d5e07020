"""The benchmark: ``python -m mel bench`` on the national-scale database.

Four modes, all by default, or any of ``--pages``, ``--browser``, ``--import``, ``--load``:
- pages: every page's script run headless (Streamlit's AppTest) cold and warm, and each named query;
- browser: each page as a person feels it, in Chromium, against a bare Streamlit page (``benchmarks/browser.py``);
- import: a one-value edit, then a 100,000-row observations file, each written and then visible
  to another server; a secretariat's folder of plan workbooks;
- load: many sessions at once against one server (or several) while imports run (``benchmarks/load.py``).
Targets (2-core machine, medians) are in TARGETS; the report says which are met.

Either store (``mel.store``): the database MEL_DB names, or with ``store="ducklake"`` a DuckLake
copy of that embedded file, made and thrown away by ``benchmarks/lake.py`` (``mel.bench_stores``).
"""

from __future__ import annotations

import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from mel import pages, sql, vocabulary
from mel.bench_stores import other_server, release, run_on_a_lake, scratch_copy, store_name, wait_visible
from mel.db import Reader
from mel.filters import Filters
from mel.metrics import fresh_since, last_complete_quarter
from mel.paths import PROJECT_ROOT, db_path
from mel.store import environment as store_env

PAGES = tuple(page.slug for page in pages.PAGES)  # timed by benchmarks/pages.py
MODES = ("pages", "browser", "import", "load")
PLAN_WORKBOOKS = 1_590  # every collectivity with a council, each with its programme
TARGETS = {
    "page_warm_s": 0.3,
    "page_cold_s": 2.0,
    "over_floor": 1.5,
    "navigation_s": 0.5,
    "filter_change_s": 0.3,
    "edit_visible_s": 1.0,
    "import_100k_s": 1.5,
    "import_visible_s": 3.0,
    "plan_import_s": 60.0,
    "peak_rss_mb": 1500,
    "load_p95_s": 3.0,
    "load_rss_growth": 0.10,
}
LOAD_LEVELS = (5, 10, 20, 40)
LOAD_TARGET_LEVEL = "20"
IMPORT_ROWS = 100_000
EDIT_VALUE = 41  # the edit's values: 41, 42, … (plus 100,000 for a count: above any women + men)


def _median_time(func: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def query_params(today: date) -> dict[str, dict[str, Any]]:
    """Representative bound parameters for each named query the pages run."""
    f = Filters().params
    period = last_complete_quarter(today)
    member = {"member": "04.281.01.01", "today": today}
    return {
        "overview/headline_figures": f(
            today=today,
            event_kinds=list(vocabulary.EVENT_KINDS),
            fresh_since=fresh_since(today),
            on_track=vocabulary.ON_TRACK_THRESHOLD,
            amber=vocabulary.AMBER_THRESHOLD,
        ),
        "growth/members_by_month": f(until=today),
        "overview/progress_by_principle": f(
            today=today,
            fresh_since=fresh_since(today),
            on_track=vocabulary.ON_TRACK_THRESHOLD,
            amber=vocabulary.AMBER_THRESHOLD,
        ),
        "overview/demo_share": f(),
        "growth/coverage_by_region": f(today=today),
        "growth/members_table": f(today=today),
        "growth/plan_timing": f(today=today),
        "plan/indicator_tracking": member,
        "plan/network_comparison": member,
        "plan/changes_since": {**member, "since": date(today.year, 1, 1)},
        "evaluation/explorer_values": f(indicator="PAR-03", period=period),
        "evaluation/explorer_quartiles": f(indicator="PAR-03", measure="total"),
        "evaluation/scorecard": f(today=today, on_track=vocabulary.ON_TRACK_THRESHOLD),
        "evaluation/project_results": f(today=today),
        "evaluation/milestones_on_time": f(today=today),
        "evaluation/completeness": f(last_start=pd.Timestamp(today).to_period("Q").start_time.date()),
        "gender/participation_by_member": f(today=today, event_kinds=list(vocabulary.EVENT_KINDS)),
        "gender/participation_over_time": f(today=today),
        "gender/sex_indicators": f(),
        "gender/bodies_by_member": f(),
    }


def time_queries(reader: Reader, today: date, runs: int) -> dict[str, float]:
    """Median seconds of each named query."""
    out = {}
    for name, params in query_params(today).items():

        def query(name: str = name, params: dict[str, Any] = params) -> None:
            reader.df(name, params)

        out[name] = _median_time(query, runs)
    return out


def _child(module: str, *args: str) -> Any:
    """Run ``python -m benchmarks.MODULE ARGS`` (it needs Streamlit or a browser, which this
    package never imports) on the database at MEL_DB, in its store; its last line of output is JSON."""
    done = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{module}", *args],
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=False, env={**os.environ, **store_env(db_path())},
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"benchmarks.{module} failed: {done.stderr[-2000:] or done.stdout[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def time_pages(runs: int, lang: str = "fr") -> dict[str, dict[str, float]]:
    """Each page run headless, cold and warm (median seconds)."""
    result: dict[str, dict[str, float]] = _child("pages", "--runs", str(runs), "--lang", lang)
    return result


def time_browser(runs: int, pages: tuple[str, ...] = PAGES) -> dict[str, Any]:
    """Fresh tab per page against the bare-Streamlit floor, navigation and a filter change."""
    result: dict[str, Any] = _child("browser", "--runs", str(runs), "--pages", ",".join(pages))
    return result


def time_load(levels: tuple[int, ...], seconds: float, servers: int = 1, quick: bool = False) -> dict[str, Any]:
    """Sessions at once at each level, spread over ``servers`` servers, readers pausing 5 s between
    pages, imports every 10 s (``quick``: no warm-up, short phases)."""
    args = ["--levels", ",".join(map(str, levels)), "--seconds", str(seconds), "--servers", str(servers)]
    result: dict[str, Any] = _child("load", *args, *(["--quick"] if quick else []))
    return result


def import_file(reader: Reader, rows: int, today: date) -> bytes:
    """A valid observations file of ``rows`` rows for the database's members (recent quarters)."""
    cur = reader.cursor()
    try:
        frame = cur.execute(sql.load("bench/import_keys"), {"rows": rows}).df()
    finally:
        cur.close()
    frame["sex"] = "total"
    # Whole numbers, plausible in every unit: 10 to 99 for percentages and days; counts above any
    # women + men already recorded for the same key, so that the total stays their sum's bound.
    spread = [(i * 7919) % 90 for i in range(len(frame))]
    frame["value"] = [
        10 + k if unit != "count" else 100_000 + k for k, unit in zip(spread, frame.pop("unit"), strict=True)
    ]
    frame["source"] = "benchmark"
    frame["note"] = ""
    return frame.to_csv(index=False).encode()


class _Commits(logging.Handler):
    """The moment of each COMMIT, from the database module's log."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.times: list[float] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("committed to "):
            self.times.append(time.perf_counter())


@contextmanager
def _committed_at() -> Iterator[list[float]]:
    """The moment each write's COMMIT is done (then it is checkpointed and published for readers)."""
    logger = logging.getLogger("mel.db")
    commits, level = _Commits(), logger.level
    logger.addHandler(commits)
    logger.setLevel(logging.DEBUG)
    try:
        yield commits.times
    finally:
        logger.removeHandler(commits)
        logger.setLevel(level)


def _holds(value: float) -> Callable[[tuple[Any, ...] | None], bool]:
    return lambda row: bool(row and row[0] == value)


def time_edit(copy: Path, today: date, runs: int) -> dict[str, float]:
    """One value recorded (as ``mel record`` does), ``runs`` times on a copy of the database: median
    seconds until it is written (committed), and until another server sees the new value."""
    from mel.imports.record import record_value

    cur = Reader(copy).cursor()
    try:
        key = cur.execute(sql.load("bench/import_keys"), {"rows": 1}).fetchone()
    finally:
        cur.close()
    assert key is not None, "no member with a plan to record a value for"
    member, indicator, period, unit = key
    params = {"member": member, "indicator": indicator, "period": period, "sex": "total"}
    written, visible = [], []
    with other_server(copy) as query:
        for run in range(runs):
            value = float(EDIT_VALUE + run + (100_000 if unit == "count" else 0))
            with _committed_at() as committed:
                started = time.perf_counter()
                record_value(member, indicator, period, value, source="benchmark edit", master=copy, today=today)
                wait_visible(query, "bench/current_value", params, _holds(value))
                visible.append(time.perf_counter() - started)
            written.append(committed[0] - started)
    return {"runs": float(runs), "written_s": statistics.median(written), "visible_s": statistics.median(visible)}


def time_import(copy: Path, rows: int, today: date) -> dict[str, float]:
    """A ``rows``-row observations file on a copy of the database: seconds until it is validated
    and written (committed), and until another server sees the new values."""
    from mel import imports
    from mel.auth import COMMAND_LINE

    data = import_file(Reader(copy), rows, today)
    with other_server(copy) as query, _committed_at() as committed:
        started = time.perf_counter()
        batch = imports.commit(data, "bench.csv", COMMAND_LINE, today, copy)
        counts = {"batch": batch}
        wait_visible(query, "bench/source_rows", counts, lambda row: bool(row and row[1] and row[0] == row[1]))
        visible = time.perf_counter() - started
        _, written = query("bench/source_rows", counts) or (0, 0)
    return {"rows": float(written), "written_s": committed[0] - started, "visible_s": visible}


def time_plan_imports(master: Path, count: int, today: date) -> tuple[float, int]:
    """Seconds to import ``count`` revised plan workbooks at once, as a secretariat loads its folder.

    Each member's current plan is exported (not timed), revised (a new source: the whole plan is
    written again as a new version) and the files are imported together, on a copy of the database.
    """
    from mel.auth import COMMAND_LINE
    from mel.imports import plans
    from mel.imports.plan_template import plan_rows, workbook_bytes

    with scratch_copy(master) as copy:
        reader = Reader(copy)
        members = [m for m, _ in reader.cursor().execute(sql.load("plan/workbook_all_plans")).fetchall()][:count]
        files = []
        for index, member in enumerate(members):
            rows = plan_rows(reader, member)
            rows["plan"][0]["source"] = "benchmark revision"
            files.append((f"{member}.xlsx", workbook_bytes(("ar", "fr", "en")[index % 3], rows)))
        started = time.perf_counter()
        plans.commit_many(files, COMMAND_LINE, today, copy)
        return time.perf_counter() - started, len(files)


def run(
    modes: tuple[str, ...] = MODES,
    quick: bool = False,
    json_path: Path | None = None,
    printer: Callable[[str], None] = print,
    store: str | None = None,
    servers: int | None = None,
    lake_copy_s: float | None = None,
) -> dict[str, Any]:
    """Run the benchmark's ``modes`` on the database at MEL_DB; print a table; optionally write JSON.

    ``quick``: one run each, small sizes, short load levels: checks that every mode works.
    ``store``: None or the store MEL_DB names runs there; ``ducklake`` on an embedded file runs on
    a DuckLake copy of it (PostgreSQL started for the run). ``servers``: the load mode's servers
    (default: 2 on DuckLake, 1 on the embedded file). ``lake_copy_s``: how long that copy took.
    """
    master = db_path()
    if store == "ducklake" and store_name(master) != "ducklake":
        return run_on_a_lake(master, modes, quick, json_path, servers)
    runs = 1 if quick else 5
    today = date.today()
    kind = store_name(master)
    servers = servers or (2 if kind == "ducklake" else 1)
    reader = Reader(master)
    size = reader.scalar("bench/size")
    printer(f"database: {master} ({int(size):,} observation rows, store: {kind}); {runs} run(s) each, medians")
    result: dict[str, Any] = {"store": kind, "observations": int(size), "modes": list(modes), "targets": TARGETS}
    if lake_copy_s is not None:
        result["lake_copy_s"] = lake_copy_s
    if "pages" in modes:
        printer("timing each page headless…")
        result["pages"] = time_pages(runs)
        result["queries"] = time_queries(reader, today, runs)
    if "browser" in modes:
        printer("timing each page in the browser…")
        result["browser"] = time_browser(runs, PAGES[:1] if quick else PAGES)
    if "import" in modes:
        printer("timing the imports…")
        with scratch_copy(master) as copy:
            result["edit"] = time_edit(copy, today, runs)
            result["import"] = time_import(copy, 2_000 if quick else IMPORT_ROWS, today)
        plans_s, plan_files = time_plan_imports(master, 20 if quick else PLAN_WORKBOOKS, today)
        result["plan_import"] = {"workbooks": plan_files, "seconds": plans_s}
    if "load" in modes:
        printer("driving many sessions at once (minutes)…")
        release(master)  # the load copies a lake as a PostgreSQL template: nobody may be connected to it
        result["load"] = time_load((2,) if quick else LOAD_LEVELS, 4 if quick else 60, servers, quick)
    # the larger of this process and its children (RUSAGE_CHILDREN: the largest child)
    who = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    result["peak_rss_mb"] = max(resource.getrusage(w).ru_maxrss for w in who) / 1024
    for line in report(result):
        printer(line)
    if json_path:
        json_path.write_text(json.dumps(result, indent=2), encoding="utf-8")
        printer(f"written: {json_path}")
    return result


def _row(what: str, measured: str, target: str = "", ok: bool | None = None) -> str:
    status = "" if ok is None else ("ok" if ok else "MISSED")
    return f"{what:<48}{measured:>12}{target:>12}  {status}"


def report(result: dict[str, Any]) -> list[str]:
    """The benchmark as plain-text tables, each row with its target and whether it is met; the
    store every figure is for heads the table."""
    store = result.get("store", "embedded")
    lines = [_row(f"what (store: {store})", "measured", "target", None) + "status"]
    if "lake_copy_s" in result:
        lines.append(_row("copy of the embedded database into the lake", f"{result['lake_copy_s']:.1f}s"))
    for name, times in result.get("pages", {}).items():
        lines.append(_row(f"page {name} (cold)", f"{times['cold_s']:.3f}s", "≤ 2 s", times["cold_s"] <= 2.0))
        lines.append(_row(f"page {name} (warm)", f"{times['warm_s']:.3f}s", "≤ 0.3 s", times["warm_s"] <= 0.3))
    for name, seconds in result.get("queries", {}).items():
        lines.append(_row(f"query {name}", f"{seconds:.3f}s"))
    if "browser" in result:
        lines += _browser_lines(result["browser"])
    if "edit" in result:
        edit = result["edit"]
        lines.append(_row("one-value edit: written", f"{edit['written_s']:.3f}s"))
        lines.append(_row("one-value edit: visible to another server", f"{edit['visible_s']:.3f}s", "≤ 1 s",
                          edit["visible_s"] <= TARGETS["edit_visible_s"]))  # fmt: skip
    if "import" in result:
        done, plans = result["import"], result["plan_import"]
        rows = f"{int(done['rows']):,}"
        lines.append(_row(f"import of {rows} rows: validated, written", f"{done['written_s']:.3f}s", "≤ 1.5 s",
                          done["written_s"] <= TARGETS["import_100k_s"]))  # fmt: skip
        seen_by = "readers" if store == "embedded" else "another server"
        lines.append(_row(f"import of {rows} rows: visible to {seen_by}", f"{done['visible_s']:.3f}s", "≤ 3 s",
                          done["visible_s"] <= TARGETS["import_visible_s"]))  # fmt: skip
        lines.append(_row(f"import of {plans['workbooks']:,} plan workbooks", f"{plans['seconds']:.3f}s", "≤ 60 s",
                          plans["seconds"] <= TARGETS["plan_import_s"]))  # fmt: skip
    if "load" in result:
        lines += _load_lines(result["load"], store)
    peak = result["peak_rss_mb"]
    lines.append(_row("peak memory (benchmark and page runner)", f"{peak:.0f}MB", "≤ 1500 MB", peak <= 1500))
    return lines


def _browser_lines(browser: dict[str, Any]) -> list[str]:
    lines = [_row("browser: bare Streamlit page, fresh tab (floor)", f"{browser['floor_s']:.2f}s")]
    for name, page in browser["pages"].items():
        over = page["over_floor"]
        lines.append(_row(f"browser: {name}, fresh tab", f"{page['fresh_tab_s']:.2f}s ({over:.1f}x)", "≤ 1.5 x",
                          over <= TARGETS["over_floor"]))  # fmt: skip
    nav, change = browser["navigation_s"], browser["filter_change_s"]
    lines.append(_row("browser: in-app navigation", f"{nav:.2f}s", "≤ 0.5 s", nav <= TARGETS["navigation_s"]))
    lines.append(_row("browser: filter change", f"{change:.2f}s", "≤ 0.3 s", change <= TARGETS["filter_change_s"]))
    return lines


def _load_lines(load: dict[str, Any], store: str) -> list[str]:
    servers = int(load.get("servers", 1))
    over = "" if servers == 1 else f" over {servers} servers"
    processes = "one process" if servers == 1 else f"{servers} processes"
    lines = [_row(f"load: page runs a second, {processes}", f"{load['runs_per_s']:.1f}/s")]
    for sessions, level in load["levels"].items():
        held = level["p95_s"] <= TARGETS["load_p95_s"] if sessions == LOAD_TARGET_LEVEL else None
        times = f"{level['p50_s']:.2f}/{level['p95_s']:.2f}s"
        target = "" if held is None else "p95 ≤ 3 s"
        lines.append(_row(f"load: {sessions} sessions{over}, p50 / p95", times, target, held))
        lines.append(_row(f"load: {sessions} sessions, errors", f"{level['errors']}", "0", level["errors"] == 0))
    held = LOAD_TARGET_LEVEL if LOAD_TARGET_LEVEL in load["levels"] else next(iter(load["levels"]))
    growth = load["levels"][held]["rss_growth"]
    growth_label, rest_label = (
        f"load: server memory growth during {held} sessions",
        "load: server memory at rest, before / after",
    )
    if servers > 1:  # the server that grew most, and the larger at rest
        growth_label, rest_label = (
            f"load: memory growth, {held} sessions, larger server",
            "load: memory at rest before/after, larger server",
        )
    if growth == growth:
        lines.append(_row(growth_label, f"{growth:.0%}", "≤ 10 %", growth <= TARGETS["load_rss_growth"]))
    else:  # NaN: a level too short to tell (quick)
        lines.append(_row(growth_label, "n/a"))
    before, after = load["rss_rest_before_mb"], load["rss_rest_after_mb"]
    lines.append(_row(rest_label, f"{before:.0f}/{after:.0f}MB"))
    if store == "embedded":  # the lake has no read snapshots
        lines.append(_row("load: read snapshots on disk, most at once", f"{load['snapshot_files_max']}"))
    lines.append(_row(f"load: imports during the run ({load['imports']})", "all visible" if load["writes_visible"]
                      else "NOT ALL", "all", bool(load["writes_visible"])))  # fmt: skip
    return lines
