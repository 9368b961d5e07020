"""The benchmark: ``python -m mel bench`` on the national-scale database.

It times every page's full script run headless (Streamlit's AppTest) cold and warm, each named
query, the import of a 100,000-row observations file, the process's peak memory, and the
heaviest aggregation done a second way, in plain pandas over the same data, for comparison.
Targets (2-core machine, medians): page warm <= 0.3 s, cold <= 2 s; import <= 5 s; peak <= 1.5 GB;
DuckDB >= 10 x faster than pandas on the heaviest aggregation.
"""

from __future__ import annotations

import json
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from mel import sql, vocabulary
from mel.db import Reader, publish_snapshot
from mel.filters import Filters
from mel.metrics import fresh_since, last_complete_quarter
from mel.paths import PROJECT_ROOT, db_path

PAGES = ("overview", "growth", "plan", "gender", "evaluation", "data")  # timed by bench_pages.py
PLAN_WORKBOOKS = 1_590  # every collectivity with a council, each with its programme
TARGETS = {
    "page_warm_s": 0.3,
    "page_cold_s": 2.0,
    "import_100k_s": 5.0,
    "plan_import_s": 60.0,
    "peak_rss_mb": 1500,
    "pandas_over_duckdb": 10,
}
IMPORT_ROWS = 100_000
HEAVY_SQL = "bench_heaviest_aggregation"


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
        "headline_figures": f(
            today=today,
            event_kinds=list(vocabulary.EVENT_KINDS),
            fresh_since=fresh_since(today),
            on_track=vocabulary.ON_TRACK_THRESHOLD,
            amber=vocabulary.AMBER_THRESHOLD,
        ),
        "growth_monthly": f(until=today),
        "progress_by_principle": f(
            today=today,
            fresh_since=fresh_since(today),
            on_track=vocabulary.ON_TRACK_THRESHOLD,
            amber=vocabulary.AMBER_THRESHOLD,
        ),
        "demo_share": f(),
        "coverage_by_region": f(today=today),
        "members_table": f(today=today),
        "plan_timing": f(today=today),
        "indicator_tracking": member,
        "network_comparison": member,
        "changes_since": {**member, "since": date(today.year, 1, 1)},
        "explorer_values": f(indicator="PAR-03", period=period),
        "explorer_quartiles": f(indicator="PAR-03", measure="total"),
        "scorecard": f(today=today, on_track=vocabulary.ON_TRACK_THRESHOLD),
        "project_results": f(today=today),
        "milestones_on_time": f(today=today),
        "completeness": f(last_start=pd.Timestamp(today).to_period("Q").start_time.date()),
        "participation_by_member": f(today=today, event_kinds=list(vocabulary.EVENT_KINDS)),
        "participation_over_time": f(today=today),
        "sex_indicators": f(),
        "gender_bodies_by_member": f(),
    }


def time_queries(reader: Reader, today: date, runs: int) -> dict[str, float]:
    """Median seconds of each named query."""
    out = {}
    for name, params in query_params(today).items():

        def query(name: str = name, params: dict[str, Any] = params) -> None:
            reader.df(name, params)

        out[name] = _median_time(query, runs)
    return out


def time_pages(runs: int, lang: str = "fr") -> dict[str, dict[str, float]]:
    """Each page run headless, cold and warm (median seconds), in a child process: the page
    runner needs Streamlit, which this package never imports."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "bench_pages.py"), "--runs", str(runs), "--lang", lang],
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"timing the pages failed: {done.stderr[-2000:] or done.stdout[-2000:]}")
    result: dict[str, dict[str, float]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def import_file(reader: Reader, rows: int, today: date) -> bytes:
    """A valid observations file of ``rows`` rows for the database's members (recent quarters)."""
    cur = reader.cursor()
    try:
        frame = cur.execute(sql.load("bench_import_keys"), {"rows": rows}).df()
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


def time_import(master: Path, rows: int, today: date) -> tuple[float, int]:
    """Seconds to validate and write a ``rows``-row observations file, on a copy of the database."""
    from mel import imports
    from mel.auth import COMMAND_LINE

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "bench.duckdb"
        shutil.copyfile(master, copy)
        publish_snapshot(copy)
        data = import_file(Reader(copy), rows, today)
        written = data.count(b"\n") - 1
        started = time.perf_counter()
        imports.commit(data, "bench.csv", COMMAND_LINE, today, copy)
        return time.perf_counter() - started, written


def time_plan_imports(master: Path, count: int, today: date) -> tuple[float, int]:
    """Seconds to import ``count`` revised plan workbooks at once, as a secretariat loads its folder.

    Each member's current plan is exported (not timed), revised (a new source: the whole plan is
    written again as a new version) and the files are imported together, on a copy of the database.
    """
    from mel.auth import COMMAND_LINE
    from mel.imports import plans
    from mel.imports.plan_template import plan_rows, workbook_bytes

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "bench.duckdb"
        shutil.copyfile(master, copy)
        publish_snapshot(copy)
        reader = Reader(copy)
        members = [m for m, _ in reader.cursor().execute(sql.load("plan_book_all_plans")).fetchall()][:count]
        files = []
        for index, member in enumerate(members):
            rows = plan_rows(reader, member)
            rows["plan"][0]["source"] = "benchmark revision"
            files.append((f"{member}.xlsx", workbook_bytes(("ar", "fr", "en")[index % 3], rows)))
        started = time.perf_counter()
        plans.commit_many(files, COMMAND_LINE, today, copy)
        return time.perf_counter() - started, len(files)


def pandas_comparison(reader: Reader, runs: int) -> dict[str, float]:
    """The heaviest aggregation (quartiles of every indicator's current values per period) in
    DuckDB and in pandas over the same rows loaded into a DataFrame."""
    duck = _median_time(lambda: reader.df(HEAVY_SQL), runs)
    cur = reader.cursor()
    try:
        # the very rows the DuckDB query reads, loaded into a DataFrame (loading is not timed)
        rows = cur.execute(sql.load("bench_current_rows")).df()
    finally:
        cur.close()

    def in_pandas() -> pd.DataFrame:
        current = rows[rows["sex"] == "total"]
        grouped = current.groupby(["indicator_code", "period"])["value"]
        return pd.DataFrame(
            {
                "q1": grouped.quantile(0.25),
                "median": grouped.median(),
                "q3": grouped.quantile(0.75),
                "n": grouped.size(),
            }
        )

    panda = _median_time(in_pandas, runs)
    return {"duckdb_s": duck, "pandas_s": panda, "ratio": panda / duck if duck else float("inf")}


def run(quick: bool = False, json_path: Path | None = None, printer: Callable[[str], None] = print) -> dict[str, Any]:
    """Run the whole benchmark on the database at MEL_DB; print a table; optionally write JSON."""
    runs = 1 if quick else 5
    today = date.today()
    master = db_path()
    reader = Reader(master)
    size = reader.scalar("bench_size")
    printer(f"database: {master} ({int(size):,} observation rows); {runs} run(s) each, medians")
    pages = time_pages(runs)
    queries = time_queries(reader, today, runs)
    import_s, import_rows = time_import(master, 2_000 if quick else IMPORT_ROWS, today)
    plans_s, plan_files = time_plan_imports(master, 20 if quick else PLAN_WORKBOOKS, today)
    comparison = pandas_comparison(reader, runs)
    # the larger of this process and the page runner (RUSAGE_CHILDREN: the largest child)
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    result = {
        "observations": int(size),
        "pages": pages,
        "queries": queries,
        "import_rows": import_rows,
        "import_100k_s": import_s,
        "plan_workbooks": plan_files,
        "plan_import_s": plans_s,
        "peak_rss_mb": peak,
        "pandas_over_duckdb": comparison["ratio"],
        "heaviest_aggregation": comparison,
    }
    for line in report(result):
        printer(line)
    if json_path:
        json_path.write_text(json.dumps(result, indent=2), encoding="utf-8")
        printer(f"written: {json_path}")
    return result


def report(result: dict[str, Any]) -> list[str]:
    """The benchmark as a plain-text table, each row with its target and whether it is met."""

    def mark(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    lines = [f"{'what':<44}{'measured':>12}{'target':>12}  status"]
    for name, times in result["pages"].items():
        lines.append(f"{'page ' + name + ' (cold)':<44}{times['cold_s']:>11.3f}s{'≤ 2 s':>12}  "
                     f"{mark(times['cold_s'] <= TARGETS['page_cold_s'])}")  # fmt: skip
        lines.append(f"{'page ' + name + ' (warm)':<44}{times['warm_s']:>11.3f}s{'≤ 0.3 s':>12}  "
                     f"{mark(times['warm_s'] <= TARGETS['page_warm_s'])}")  # fmt: skip
    for name, seconds in result["queries"].items():
        lines.append(f"{'query ' + name:<44}{seconds:>11.3f}s{'':>12}")
    rows = result["import_rows"]
    label = f"import of {rows:,} rows (validated, written)"
    lines.append(f"{label:<44}{result['import_100k_s']:>11.3f}s{'≤ 5 s':>12}  "
                 f"{mark(result['import_100k_s'] <= TARGETS['import_100k_s'])}")  # fmt: skip
    label = f"import of {result['plan_workbooks']:,} plan workbooks"
    lines.append(f"{label:<44}{result['plan_import_s']:>11.3f}s{'≤ 60 s':>12}  "
                 f"{mark(result['plan_import_s'] <= TARGETS['plan_import_s'])}")  # fmt: skip
    lines.append(f"{'peak memory':<44}{result['peak_rss_mb']:>10.0f}MB{'≤ 1500 MB':>12}  "
                 f"{mark(result['peak_rss_mb'] <= TARGETS['peak_rss_mb'])}")  # fmt: skip
    heavy = result["heaviest_aggregation"]
    lines.append(f"{'heaviest aggregation, DuckDB':<44}{heavy['duckdb_s']:>11.3f}s")
    lines.append(f"{'heaviest aggregation, pandas':<44}{heavy['pandas_s']:>11.3f}s")
    lines.append(f"{'pandas ÷ DuckDB':<44}{result['pandas_over_duckdb']:>11.1f}x{'≥ 10 x':>12}  "
                 f"{mark(result['pandas_over_duckdb'] >= TARGETS['pandas_over_duckdb'])}")  # fmt: skip
    return lines
