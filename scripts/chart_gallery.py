"""Every chart the app draws, saved as PNG pictures in Arabic, French and English, to look at.

Run by hand (the tests do not), with the project's venv:

    .venv/bin/python scripts/chart_gallery.py                      # every chart, every language
    .venv/bin/python scripts/chart_gallery.py --lang ar fr --only gender
    MEL_DB=/tmp/charts/mel.duckdb .venv/bin/python scripts/chart_gallery.py --out /tmp/charts/gallery

The database is ``MEL_DB`` (default ``/tmp/charts/mel.duckdb``), built with the demo data when it
is missing. Each figure is made by the ``mel/`` function the page calls, with the page's title and
arguments, and drawn at the width the page gives it at 1440 x 900 with the sidebar open (about
440 px for a chart beside another, 940 px for one across the page; with ``--wide``, 700 and
1,100 px, the sidebar closed), at the figure's own height. The pictures are written to
``OUT/LANG/NAME.png``. Chromium draws them, offline, as for the brief (``mel.chart_images``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import plotly.graph_objects as go

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The project's modules, found from the folder above this one (E402: after that line).
from mel import census, chart_images, charts, evaluation, gender, gender_compare, growth, i18n, overview, plan  # noqa: E402
from mel.build import build  # noqa: E402
from mel.db import Reader  # noqa: E402
from mel.filters import Filters  # noqa: E402
from mel.i18n import t  # noqa: E402

# The widths the page gives a chart at 1440 x 900 with the sidebar open (beside another chart,
# across the page, the map in the wider of two columns); --wide: with the sidebar closed.
HALF, FULL, MAP = charts.HALF_WIDTH, charts.FULL_WIDTH, 560
WIDE = {HALF: 700, FULL: 1100, MAP: 660}
MEMBER = "04.281.01.01"  # Kénitra: the plan published in full
DEFAULT_DB = Path("/tmp/charts/mel.duckdb")

Chart = tuple[str, int, Callable[[], go.Figure]]  # name, width in pixels, the figure


def every_chart(reader: Reader, lang: str, today: date) -> Iterator[Chart]:
    """Every figure of every page, with the arguments and titles the pages give them."""
    every = Filters()
    yield "overview-growth", HALF, lambda: overview.growth_figure(reader, every, lang, today)
    yield "overview-principles", HALF, lambda: overview.principle_figure(reader, every, lang, today)
    for by in ("kind", "cohort"):
        yield f"growth-by-{by}", FULL, lambda by=by: growth.growth_figure(reader, every, lang, today, by)
    for metric in growth.MAP_METRICS:
        yield f"growth-map-{metric}", MAP, lambda m=metric: growth.map_figure(reader, every, lang, today, m)

    yield (
        "gender-census-spread",
        FULL,
        lambda: census.network_spread_figure(reader, every, lang, today, t(lang, "census.spread_title"), MEMBER),
    )
    yield (
        "gender-over-time",
        HALF,
        lambda: gender.over_time_figure(reader, every, lang, today, t(lang, "gender.over_time_title")),
    )
    yield (
        "gender-by-kind",
        HALF,
        lambda: gender.by_event_kind_figure(reader, every, lang, today, t(lang, "gender.by_kind_title")),
    )
    for by in gender_compare.GROUPS:
        yield (
            f"gender-compare-{by}",
            FULL,
            lambda by=by: gender_compare.comparison_figure(reader, every, lang, today, by),
        )
    yield (
        "gender-ranking",
        FULL,
        lambda: gender.ranking_figure(reader, every, lang, today, t(lang, "gender.ranking_title"), MEMBER),
    )
    yield (
        "gender-parity-trend",
        FULL,
        lambda: gender.parity_trend_figure(reader, every, lang, t(lang, "gender.parity_title")),
    )

    options = evaluation.indicator_options(reader)
    names = dict(zip(options["code"], options[f"name_{lang}"], strict=True))
    indicator = str(options["code"].iloc[0])  # the page's default indicator and its latest period
    period = evaluation.indicator_periods(reader, indicator)[0]
    title = f"{names[indicator]} · {i18n.quarter(lang, period)} · {t(lang, 'eval.measure.total')}"
    yield (
        "eval-ranking",
        HALF,
        lambda: evaluation.ranking_figure(reader, every, lang, indicator, period, "total", title),
    )
    for group in evaluation.GROUPS:
        yield f"eval-distribution-{group}", HALF, lambda g=group: evaluation.distribution_figure(
            reader, every, lang, indicator, period, "total", g,
            t(lang, f"eval.distribution_title.{g}"),
        )  # fmt: skip
    yield (
        "eval-quartiles",
        HALF,
        lambda: evaluation.quartiles_figure(reader, every, lang, indicator, "total", t(lang, "eval.quartiles_title")),
    )
    for measure, key in (("completion", "eval.completion_title"), ("opened_government", "eval.opened_title")):
        for by in ("principle", "cohort"):
            yield (
                f"eval-results-{measure}-by-{by}",
                HALF,
                lambda m=measure, b=by, k=key: evaluation.project_results_figure(
                    reader, every, lang, today, m, b, t(lang, k)
                ),
            )
    yield (
        "eval-on-time",
        FULL,
        lambda: evaluation.on_time_figure(reader, every, lang, today, t(lang, "eval.on_time_title")),
    )
    yield (
        "eval-reporting-rate",
        FULL,
        lambda: evaluation.reporting_rate_figure(reader, every, lang, today, t(lang, "eval.rate_title")),
    )
    yield (
        "eval-completeness",
        FULL,
        lambda: evaluation.completeness_figure(reader, every, lang, today, t(lang, "eval.heatmap_title")),
    )

    header = plan.plan_header(reader, MEMBER)
    if header is not None and header["plan_id"] is not None:
        plan_id = int(header["plan_id"])
        yield "plan-gantt", FULL, lambda: plan.gantt_figure(reader, plan_id, lang, today)
    yield "plan-comparison", FULL, lambda: plan.comparison_figure(reader, MEMBER, lang, today)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path("/tmp/charts/gallery"), help="folder for the pictures")
    parser.add_argument("--lang", nargs="+", default=list(i18n.LANGUAGES), choices=i18n.LANGUAGES)
    parser.add_argument("--only", default="", help="draw only the charts whose name contains this text")
    parser.add_argument("--wide", action="store_true", help="at the widths of a page with the sidebar closed")
    args = parser.parse_args(argv)

    database = Path(os.environ.get("MEL_DB") or DEFAULT_DB)
    if not database.exists():
        database.parent.mkdir(parents=True, exist_ok=True)
        build(database, mode="demo", progress=lambda _: None)
    reader = Reader(database)
    today = date.today()
    for lang in args.lang:
        folder = args.out / lang
        folder.mkdir(parents=True, exist_ok=True)
        chosen = [
            (name, WIDE[width] if args.wide else width, make)
            for name, width, make in every_chart(reader, lang, today)
            if args.only in name
        ]
        figures = [make() for _, _, make in chosen]
        sizes = [chart_images.Size(width, int(fig.layout.height or 450), 1.0) for (_, width, _), fig in
                 zip(chosen, figures, strict=True)]  # fmt: skip
        for (name, _, _), png in zip(chosen, chart_images.png_images(figures, sizes), strict=True):
            (folder / f"{name}.png").write_bytes(png)
        print(f"{lang}: {len(chosen)} charts in {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
