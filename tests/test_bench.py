"""The benchmark runs end to end on a small national-shaped database (it is not a timed test)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from mel.bench import PAGES, query_params
from mel.build import build
from mel.db import Reader

ROOT = Path(__file__).resolve().parent.parent


def test_national_scale_builds_at_reduced_size_and_bench_quick_prints_every_row(tmp_path: Path) -> None:
    path = build(tmp_path / "national.duckdb", mode="national", national_sample=30, progress=lambda _: None)
    reader = Reader(path)
    members = reader.cursor().execute("SELECT count(*), count(DISTINCT kind) FROM members").fetchone()
    assert members is not None and members[0] == 30
    quarters = reader.cursor().execute("SELECT count(DISTINCT period) FROM observations_current").fetchone()
    assert quarters is not None and quarters[0] == 40  # ten years of quarters
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, "-m", "mel", "bench", "--quick", "--json", str(out)],
        env={**os.environ, "MEL_DB": str(path)}, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    for page in PAGES:
        assert f"page {page} (cold)" in run.stdout and f"page {page} (warm)" in run.stdout
    for query in query_params(__import__("datetime").date.today()):
        assert f"query {query}" in run.stdout
    rows = (
        "browser: bare Streamlit page", "browser: overview, fresh tab", "browser: in-app navigation",
        "browser: filter change", "validated, written", "visible to readers", "plan workbooks",
        "load: page runs a second", "load: 2 sessions, errors", "load: server memory growth during 2 sessions",
        "load: server memory at rest", "peak memory",
    )  # fmt: skip
    for row in rows:
        assert row in run.stdout, row
    result = json.loads(out.read_text())
    assert set(result) >= {"pages", "queries", "browser", "import", "plan_import", "load", "peak_rss_mb", "targets"}
    assert set(result["pages"]) == set(PAGES)
    assert all({"cold_s", "warm_s"} <= set(v) for v in result["pages"].values())
    browser = result["browser"]
    assert browser["floor_s"] > 0 and browser["pages"]["overview"]["fresh_tab_s"] > 0
    assert result["import"]["rows"] > 0 and result["import"]["visible_s"] >= result["import"]["written_s"]
    load = result["load"]
    assert load["levels"]["2"]["errors"] == 0 and load["levels"]["2"]["page_runs"] > 0
    assert load["writes_visible"] and load["imports"] >= 1
