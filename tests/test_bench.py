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
    for row in ("import of", "peak memory", "pandas ÷ DuckDB"):
        assert row in run.stdout
    result = json.loads(out.read_text())
    assert set(result) >= {"pages", "import_100k_s", "peak_rss_mb", "pandas_over_duckdb"}
    assert set(result["pages"]) == set(PAGES)
    assert all({"cold_s", "warm_s"} <= set(v) for v in result["pages"].values())
