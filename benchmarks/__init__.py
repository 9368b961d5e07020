"""Benchmarks that need Streamlit or a browser, run by ``python -m mel bench`` in child processes
(the ``mel`` package never imports Streamlit): headless page runs, a real browser, many sessions."""
