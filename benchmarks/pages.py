"""Times each page's full script run headless (Streamlit's AppTest), cold and warm.

Run by ``python -m mel bench`` in a child process (mel itself never imports Streamlit); prints
JSON: {page: {"cold_s": …, "warm_s": …}} with the medians of ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from mel import pages

ROOT = Path(__file__).resolve().parent.parent
PAGES = {page.slug: page.script for page in pages.PAGES}  # page name -> its script


def time_pages(runs: int, lang: str) -> dict[str, dict[str, float]]:
    """Cold: every cache cleared, first run. Warm: the same session's next run."""
    out = {}
    for name, path in PAGES.items():
        cold, warm = [], []
        for _ in range(runs):
            st.cache_data.clear()
            st.cache_resource.clear()
            app = AppTest.from_file(str(ROOT / path), default_timeout=300)
            app.query_params["lang"] = lang
            started = time.perf_counter()
            app.run()
            cold.append(time.perf_counter() - started)
            if app.exception:
                raise SystemExit(f"page {name} failed: {app.exception[0].value}")
            started = time.perf_counter()
            app.run()
            warm.append(time.perf_counter() - started)
        out[name] = {"cold_s": statistics.median(cold), "warm_s": statistics.median(warm)}
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="fr")
    args = parser.parse_args()
    print(json.dumps(time_pages(args.runs, args.lang)))
