"""The Overview page's figures, computed by queries over the database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mel import charts, headline, i18n, overview, queries
from mel.db import Reader
from mel.filters import Filters
from mel.store import environment as store_env

TODAY = date(2026, 11, 23)


def test_overview_figures_are_consistent(reader: Reader) -> None:
    f = headline.headline(reader, Filters(), TODAY)
    assert (f.members, f.communes, f.councils, f.regions) == (228, 199, 17, 12)
    assert f.regions_total == 12 and f.regions_covered == 12
    assert f.projects_done + f.projects_on_track + f.projects_late <= f.projects_total
    assert f.women_share is not None and 0.25 <= f.women_share <= 0.45
    assert f.demo_members == 228 - 32  # 12 regions, Berkane and 19 named communes are real


def test_filters_narrow_every_figure(reader: Reader) -> None:
    all_members = headline.headline(reader, Filters(), TODAY)
    rsk = headline.headline(reader, Filters(regions=("04",)), TODAY)
    assert 0 < rsk.members < all_members.members and rsk.regions_covered == 1
    communes = headline.headline(reader, Filters(kinds=("commune",)), TODAY)
    assert communes.members == communes.communes == 199
    cohort1 = headline.headline(reader, Filters(cohorts=(1,)), TODAY)
    assert cohort1.members == 66


def test_growth_series(reader: Reader) -> None:
    wide = queries.growth_by(queries.growth_monthly(reader, Filters(), TODAY), "kind")
    assert wide.loc["2023-03-31"].to_dict() == {"commune": 50, "council": 4, "region": 12}
    assert int(wide.loc["2024-11-30"].sum()) == 126
    assert wide.loc["2024-12-31"].to_dict() == {"commune": 199, "council": 17, "region": 12}
    assert wide.index.min().date() == date(2022, 10, 31)
    by_cohort = queries.growth_by(queries.growth_monthly(reader, Filters(), TODAY), "cohort")
    assert by_cohort.iloc[-1].to_dict() == {1: 66, 2: 60, 3: 102}


def test_progress_by_principle_covers_all_principles(reader: Reader) -> None:
    frame = queries.progress_by_principle(reader, Filters(), TODAY)
    assert list(frame["principle"]) == [
        "transparency",
        "access_to_information",
        "participation",
        "digitalisation",
        "gender",
    ]
    assert frame["achievement"].between(0, 1).all()


def test_figures_in_every_language(reader: Reader) -> None:
    for lang in i18n.LANGUAGES:
        fig = overview.growth_figure(reader, Filters(), lang, TODAY)
        assert len(fig.data) == 5 and fig.layout.title.text  # three kinds, published totals, other sources
        bars = overview.principle_figure(reader, Filters(), lang, TODAY)
        assert len(bars.data[0].y) == 5
    rtl = overview.principle_figure(reader, Filters(), "ar", TODAY)
    assert rtl.layout.title.xanchor == "right" and rtl.layout.title.x > 0.9


def test_chart_layout_rtl_reverses_fixed_range() -> None:
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[0.5], y=["a"], orientation="h"))
    fig.update_xaxes(range=[0, 1])
    charts.localise(fig, "ar", "عنوان")
    assert list(fig.layout.xaxis.range) == [1, 0]


def test_reader_follows_a_write_by_another_process(fresh_db: Path) -> None:
    """A command-line write succeeds while a reader holds the snapshot open, and the reader sees it."""
    import os
    import subprocess
    import sys

    reader = Reader(fresh_db)
    before = reader.cursor().execute("SELECT count(*) FROM observations_history").fetchone()
    version = reader.version()
    env = {**os.environ, **store_env(fresh_db)}
    done = subprocess.run(
        [sys.executable, "-m", "mel", "record", "04.281.01.01", "DIG-01", "2026-Q3", "12"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert reader.version() != version
    after = reader.cursor().execute("SELECT count(*) FROM observations_history").fetchone()
    assert after is not None and before is not None and after[0] == before[0] + 1
    reader.close()
