"""The benchmark runs end to end on a small national-shaped database (it is not a timed test)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest

from mel.bench import PAGES, query_params
from mel.build import build
from mel.db import Reader
from tests.postgres import PostgresError, postgres_bin

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The national-scale database at 30 members (every mode of the benchmark reads it, none writes it)."""
    folder = tmp_path_factory.mktemp("national")
    return build(folder / "national.duckdb", mode="national", national_sample=30, progress=lambda _: None)


def _bench(national: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MEL_DB": str(national)}
    for name in ("MEL_STORE", "MEL_LAKE_CATALOG", "MEL_LAKE_DATA"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "mel", "bench", "--quick", *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def test_national_scale_builds_at_reduced_size_and_bench_quick_prints_every_row(national: Path, tmp_path: Path) -> None:
    reader = Reader(national)
    members = reader.cursor().execute("SELECT count(*), count(DISTINCT kind) FROM members").fetchone()
    assert members is not None and members[0] == 30
    quarters = reader.cursor().execute("SELECT count(DISTINCT period) FROM observations_current").fetchone()
    assert quarters is not None and quarters[0] == 40  # ten years of quarters
    out = tmp_path / "bench.json"
    run = _bench(national, "--json", str(out))
    assert run.returncode == 0, run.stderr[-2000:]
    assert "what (store: embedded)" in run.stdout
    for page in PAGES:
        assert f"page {page} (cold)" in run.stdout and f"page {page} (warm)" in run.stdout
    for query in query_params(date.today()):
        assert f"query {query}" in run.stdout
    rows = (
        "browser: bare Streamlit page", "browser: overview, fresh tab", "browser: in-app navigation",
        "browser: filter change", "one-value edit: written", "one-value edit: visible to another server",
        "validated, written", "visible to readers", "plan workbooks",
        "load: page runs a second, one process", "load: 2 sessions, errors",
        "load: server memory growth during 2 sessions", "load: server memory at rest",
        "load: read snapshots on disk", "peak memory",
    )  # fmt: skip
    for row in rows:
        assert row in run.stdout, row
    result = json.loads(out.read_text())
    assert set(result) >= {"pages", "queries", "browser", "edit", "import", "plan_import", "load", "peak_rss_mb"}
    assert result["store"] == "embedded" and "lake_copy_s" not in result
    assert set(result["pages"]) == set(PAGES)
    assert all({"cold_s", "warm_s"} <= set(v) for v in result["pages"].values())
    browser = result["browser"]
    assert browser["floor_s"] > 0 and browser["pages"]["overview"]["fresh_tab_s"] > 0
    assert result["edit"]["runs"] == 1 and result["edit"]["visible_s"] >= result["edit"]["written_s"] > 0
    assert result["import"]["rows"] > 0 and result["import"]["visible_s"] >= result["import"]["written_s"]
    load = result["load"]
    assert load["servers"] == 1
    assert load["levels"]["2"]["errors"] == 0 and load["levels"]["2"]["page_runs"] > 0
    assert load["writes_visible"] and load["imports"] >= 1


def test_bench_quick_on_a_ducklake_copy_with_two_servers(national: Path, tmp_path: Path) -> None:
    try:
        postgres_bin()
    except PostgresError as missing:
        pytest.skip(str(missing))
    before = set(Path(tempfile.gettempdir()).glob("mel-bench-lake-*"))
    out = tmp_path / "bench-ducklake.json"
    run = _bench(national, "--store", "ducklake", "--pages", "--import", "--load", "--json", str(out))
    assert run.returncode == 0, run.stderr[-2000:]
    rows = (
        "what (store: ducklake)", "copy of the embedded database into the lake", "page overview (cold)",
        "query overview/headline_figures", "one-value edit: visible to another server",
        "rows: visible to another server", "plan workbooks", "load: page runs a second, 2 processes",
        "load: 2 sessions over 2 servers, p50 / p95", "load: 2 sessions, errors",
        "load: memory growth, 2 sessions, larger server", "load: memory at rest before/after, larger server",
    )  # fmt: skip
    for row in rows:
        assert row in run.stdout, row
    assert "read snapshots" not in run.stdout and "browser:" not in run.stdout
    result = json.loads(out.read_text())
    assert result["store"] == "ducklake" and result["lake_copy_s"] > 0
    assert set(result["pages"]) == set(PAGES)
    assert result["edit"]["visible_s"] >= result["edit"]["written_s"] > 0
    assert result["import"]["rows"] > 0 and result["import"]["visible_s"] >= result["import"]["written_s"]
    load = result["load"]
    assert load["servers"] == 2 and load["snapshot_files_max"] == 0
    assert load["levels"]["2"]["errors"] == 0 and load["levels"]["2"]["page_runs"] > 0
    assert load["writes_visible"] and load["imports"] >= 1
    # PostgreSQL stopped and its folder (catalog, data files) removed
    assert set(Path(tempfile.gettempdir()).glob("mel-bench-lake-*")) == before
