"""Plotly figures, labelled in the user's language and laid out right to left in Arabic."""

from __future__ import annotations

import textwrap
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from mel import i18n, vocabulary
from mel.i18n import t

KIND_COLOURS = {"region": "#1b5e7a", "council": "#e39b2d", "commune": "#3c9a6b"}
COHORT_COLOURS = ["#1b5e7a", "#3c9a6b", "#e39b2d", "#8e5ba6", "#c8553d", "#5b7083"]
RAG_COLOURS = vocabulary.RAG_COLOURS  # defined once, there (a colour-blind-safe palette)
FONT_FAMILY = "Noto Sans, Noto Naskh Arabic, DejaVu Sans, sans-serif"
SEPARATORS = {"ar": ",.", "fr": ", ", "en": ".,"}


# About the width a chart gets at 1440 x 900 with the sidebar open: beside another chart, or across
# the page. Ticks are spaced for it (a phone's screen is narrower: plotly then slants them).
HALF_WIDTH = 440
FULL_WIDTH = 940
TICK_LINE = 18  # pixels per more line of a category label under the x axis
TITLE_LINE = 22  # pixels per line of a chart's title (17 px type)
# Members past which a chart stops drawing a dot per member (thousands of SVG points are what makes
# a page slow in the browser): a box from the quartiles, with only the outliers as dots.
POINTS_SHOWN = 300
LEGEND_GAP = 34  # pixels between the plot and a legend below it: the x tick labels
AXIS_TITLE = 24  # pixels more when the x axis has a title


def localise(
    fig: go.Figure, lang: str, title: str | None = None, height: int = 360, mirror: bool = True, wrap: int = 40
) -> go.Figure:
    """Fonts, number separators, the title on top and the legend below the plot, and in Arabic a
    right-anchored title and (unless a map) mirrored axes.

    The title is wrapped at ``wrap`` characters and hangs from the top of the figure, in a margin
    tall enough for its lines, so it never runs into the plot; the legend sits a fixed number of
    pixels under the plot (past the tick labels and the axis title) whatever the figure's height.
    """
    rtl = i18n.is_rtl(lang)
    lines = textwrap.wrap(title, wrap) if title else []
    top = 24 + TITLE_LINE * len(lines) if lines else 20
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 14},
        separators=SEPARATORS[lang],
        height=height,
        margin={"l": 10, "r": 10, "t": top, "b": 10},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        plot_bgcolor="white",
    )
    if lines:
        # In RTL the title is anchored at the right edge (title_x=1 alone pushes it off the chart);
        # each line starts and ends with a right-to-left mark, so a line ending in a bracket or a
        # figure keeps it on its left.
        mark = i18n.RLM if rtl else ""
        fig.update_layout(
            title={
                "text": "<br>".join(f"{mark}{line}{mark}" for line in lines),
                "x": 0.99 if rtl else 0.01,
                "xanchor": "right" if rtl else "left",
                "xref": "container",
                "y": 1,
                "yanchor": "top",
                "yref": "container",
                "pad": {"t": title_pad(len(lines))},
                "font": {"size": 17},
            }
        )
    x_title = fig.layout.xaxis.title.text if fig.layout.xaxis.title else None
    below = LEGEND_GAP + TICK_LINE * (_x_label_lines(fig) - 1) + (AXIS_TITLE if x_title else 0)
    plot_height = max(120, height - top - below - 40)
    fig.update_layout(
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -below / plot_height,
            "x": 1 if rtl else 0,
            "xanchor": "right" if rtl else "left",
            "title": {"text": ""},
        }
    )
    fig.update_xaxes(gridcolor="#eeeeee", zeroline=False)
    # a little room between a bar's base and its label (a member's name ends where its bar starts)
    fig.update_yaxes(
        gridcolor="#eeeeee", zeroline=False, side="right" if rtl and mirror else "left", ticklabelstandoff=6
    )
    if rtl and mirror:
        fixed = fig.layout.xaxis.range
        if fixed is not None:
            fig.update_xaxes(range=list(reversed(fixed)))
        else:
            fig.update_xaxes(autorange="reversed")
    return fig


def _x_label_lines(fig: go.Figure) -> int:
    """The most lines an x tick label takes (category labels wrapped with ``<br>``)."""
    labels = [*(fig.layout.xaxis.ticktext or ())]
    for trace in fig.data:
        if getattr(trace, "orientation", None) != "h" and getattr(trace, "x", None) is not None:
            labels += [value for value in trace.x if isinstance(value, str)]
    return max((label.count("<br>") + 1 for label in labels), default=1)


def title_pad(lines: int) -> int:
    """Pixels above a title of ``lines`` lines: plotly lifts a title of several lines hung from the
    top by about half a line more than a title of one, so it gets more room to start at the same place."""
    return 14 if lines <= 1 else 26


def member_label(lang: str, name: str, code: str) -> str:
    """A member on an axis, "Kénitra (04.281.01.01)"; in Arabic between right-to-left marks, so that
    the label is laid out right to left whatever its first and last characters (a figure, a bracket)."""
    mark = i18n.RLM if i18n.is_rtl(lang) else ""
    return f"{mark}{name} ({code}){mark}"


def member_labels(lang: str, frame: pd.DataFrame) -> list[str]:
    """``member_label`` of each row of a frame with names (``name_fr``, ``name_ar``) and ``member_code``."""
    names = frame[i18n.name_column(lang)]
    return [member_label(lang, str(n), str(c)) for n, c in zip(names, frame["member_code"], strict=True)]


def wrap_labels(labels: list[str], width: int = HALF_WIDTH) -> list[str]:
    """Category labels on as many lines as it takes for each to fit its share of ``width`` pixels, so
    that labels side by side are never slanted (plotly's way out) nor run into each other."""
    chars = max(10, (width - 60) // max(len(labels), 1) // 8)
    return ["<br>".join(textwrap.wrap(label, chars, break_long_words=False)) or label for label in labels]


def quarter_ticks(lang: str, periods: list[str], width: int = HALF_WIDTH) -> tuple[list[str], list[str]]:
    """Tick positions and labels for a category axis of quarters (``YYYY-Qn``): as many as fit side
    by side in ``width`` pixels ("T3 2026" takes less room than "الفصل 3 من 2026"), counted back
    from the latest, so that labels are never slanted and never run into each other."""
    labels = [i18n.quarter(lang, p) for p in periods]
    longest = max((len(label) for label in labels), default=1)
    most = max(2, width // (8 * longest + 28))
    step = -(-len(periods) // most) if periods else 1
    picks = list(reversed(list(reversed(periods))[::step]))
    return picks, [i18n.quarter(lang, p) for p in picks]


def quarter_axis(fig: go.Figure, lang: str, periods: list[str], width: int = HALF_WIDTH) -> go.Figure:
    """An x axis of quarters (``YYYY-Qn`` categories) labelled by ``quarter_ticks``, with half a
    quarter of room at each end, so that the first and last labels stay clear of the y axis."""
    ticks, labels = quarter_ticks(lang, periods, width)
    fig.update_xaxes(
        type="category", tickvals=ticks, ticktext=labels, tickangle=0, range=[-0.5, max(len(periods), 1) - 0.5]
    )
    return fig


def month_ticks(
    lang: str, months: pd.Series, every: int = 12, width: int = FULL_WIDTH
) -> tuple[list[pd.Timestamp], list[str]]:
    """Tick positions every ``every`` months, or twice, four times... as many months apart when their
    labels would not fit side by side in ``width`` pixels (plotly would slant them, into the legend);
    month names formatted by Babel."""
    values = [pd.Timestamp(v) for v in sorted(pd.to_datetime(months).unique())]
    if not values:
        return [], []
    longest = max(len(i18n.month(lang, v.date())) for v in (values[0], values[-1]))
    most = max(2, width // (8 * longest + 28))
    step = every
    while True:
        picks = [v for v in values if (v.year * 12 + v.month - 1) % step == 0] or values[:1]
        if len(picks) <= most or step >= 120:
            break
        step *= 2
    return picks, [i18n.month(lang, v.date()) for v in picks]


def growth_chart(
    wide: pd.DataFrame,
    by: str,
    lang: str,
    counts: pd.DataFrame,
    title: str,
    height: int = 380,
    wrap: int = 40,
    width: int = HALF_WIDTH,
) -> go.Figure:
    """The registry's members per month, stacked by kind or cohort, beside the published totals;
    ``width`` is about the width the page gives it, for its month labels to fit."""
    fig = go.Figure()
    for position, column in enumerate(wide.columns):
        if by == "kind":
            name = t(lang, f"kind.{column}.plural")
            colour = KIND_COLOURS.get(str(column), "#777777")
        else:
            name = t(lang, "cohort.label", n=int(column))
            colour = COHORT_COLOURS[position % len(COHORT_COLOURS)]
        fig.add_trace(
            go.Scatter(
                x=wide.index,
                y=wide[column],
                name=name,
                mode="lines",
                stackgroup="members",
                line={"width": 0.5, "color": colour, "shape": "hv"},
                hovertemplate="%{customdata}<br>" + name + ": %{y:,d}<extra></extra>",
                customdata=[i18n.month(lang, d.date()) for d in wide.index],
            )
        )
    total = wide.sum(axis=1)
    _published_counts(fig, counts, lang, (pd.Timestamp(wide.index.min()), pd.Timestamp(wide.index.max())))
    ticks, labels = month_ticks(lang, pd.Series(wide.index), width=width)
    fig.update_xaxes(tickvals=ticks, ticktext=labels)
    fig.update_yaxes(
        title={"text": t(lang, "chart.members_axis")},
        rangemode="tozero",
        range=[0, max(1.0, float(total.max())) * 1.18],
    )
    return localise(fig, lang, title, height, wrap=wrap)


def _published_counts(fig: go.Figure, counts: pd.DataFrame, lang: str, span: tuple[pd.Timestamp, pd.Timestamp]) -> None:
    """Published totals as points with their source on hover: the ones the registry follows filled and
    labelled, other sources' figures hollow; an event with no count (the network's creation) labelled.

    Each label leans towards the middle of the time axis (``span``), so that one near either end
    stays inside the chart, in both directions of writing."""
    dated = counts[counts["date_precision"] != "year"]  # a figure dated only by its year has no place on a line
    for followed in (True, False):
        points = dated[dated["members"].notna() & (dated["registry_follows"] == followed)]
        if points.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(points["on_date"]),
                y=points["members"].astype(float),
                mode="markers",
                name=t(lang, "chart.published_followed" if followed else "chart.published_other"),
                marker={"size": 11 if followed else 9, "color": "#222222" if followed else "rgba(0,0,0,0)",
                        "line": {"width": 2, "color": "#222222" if followed else "#b23b3b"},
                        "symbol": "circle" if followed else "diamond"},
                customdata=list(zip(points[f"label_{lang}"], points["source"], strict=True)),
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
            )
        )  # fmt: skip
    start, end = span
    later = -1 if i18n.is_rtl(lang) else 1  # the direction of later dates, in pixels
    for point in dated.itertuples():
        followed_count = bool(point.registry_follows) and not pd.isna(point.members)
        if not followed_count and not pd.isna(point.members):
            continue  # other sources' figures: hover only, the chart stays readable
        early = (pd.Timestamp(point.on_date) - start) < (end - start) * 0.35
        fig.add_annotation(
            x=pd.Timestamp(point.on_date),
            y=0.0 if pd.isna(point.members) else float(point.members),
            text=f"<b>{getattr(point, f'label_{lang}')}</b>",
            showarrow=True,
            arrowhead=2,
            ax=40 * later * (1 if early else -1),
            ay=-22 if pd.isna(point.members) else -36,  # an event with no count: low, clear of the first total
            font={"size": 12},
            bgcolor="rgba(255,255,255,0.85)",
        )


def principle_chart(frame: pd.DataFrame, lang: str, title: str, height: int = 320) -> go.Figure:
    """Per principle, its indicators by standing (on track, at risk, off track, no recent data) as
    shares of one bar that add up to all of them, the average progress beside the principle's name."""
    labels = [
        t(lang, "chart.principle_progress", principle=vocabulary.PRINCIPLES.label(lang, p),
          progress=i18n.percent(lang, None if pd.isna(a) else float(a)))
        for p, a in zip(frame["principle"], frame["achievement"], strict=True)
    ]  # fmt: skip
    # a principle with no indicator valued yet (nothing approved) is an empty bar, not a division by zero
    totals = frame[list(vocabulary.INDICATOR_STANDINGS.codes)].sum(axis=1).astype(float).replace(0.0, float("nan"))
    fig = go.Figure()
    for standing in vocabulary.INDICATOR_STANDINGS.codes:
        name = vocabulary.INDICATOR_STANDINGS.label(lang, standing)
        shares = (frame[standing].astype(float) / totals).fillna(0.0)
        fig.add_trace(
            go.Bar(
                x=shares, y=labels, orientation="h", name=name,
                marker={"color": RAG_COLOURS[vocabulary.RAG_OF_STANDING[standing]]},
                text=[i18n.percent(lang, v) if v >= 0.08 else "" for v in shares], textposition="inside",
                customdata=[
                    t(lang, "chart.indicators_hover", standing=name, count=i18n.number(lang, int(c)),
                      n=0 if pd.isna(n) else int(n))
                    for c, n in zip(frame[standing], totals, strict=True)
                ],
                hovertemplate="%{y}<br>%{customdata}<extra></extra>",
            )
        )  # fmt: skip
    fig.update_layout(barmode="stack")
    fig.update_xaxes(range=[0, 1], tickformat=".0%", dtick=0.25, title={"text": t(lang, "chart.indicators_share")})
    fig.update_yaxes(autorange="reversed")
    return localise(fig, lang, title, height)


def today_line(fig: go.Figure, today: date, lang: str) -> go.Figure:
    """A dashed vertical line for today."""
    fig.add_vline(x=pd.Timestamp(today), line_dash="dash", line_color="#555555")
    # Above the plot, where no bar or marker can be under it.
    fig.add_annotation(
        x=pd.Timestamp(today), y=1, yref="paper", yanchor="bottom", text=t(lang, "chart.today"), showarrow=False
    )
    return fig


def region_map(
    frame: pd.DataFrame,
    outlines: dict[str, list[tuple[float, float]]],
    centroids: dict[str, tuple[float, float]],
    value_column: str,
    labels: list[str],
    hover: list[str],
    lang: str,
    title: str,
    colourbar_title: str,
    selected: str | None = None,
    height: int = 600,
    tick_format: str = "",
) -> go.Figure:
    """Morocco's 12 regions as filled outlines (no base map, no network), coloured by ``value_column``.

    One filled path per region; a marker at each region's centre carries the label and the
    colour bar (its ticks formatted with ``tick_format``, e.g. ".0%"). Every point carries its
    region's code as customdata, for selection.
    """
    from plotly.colors import sample_colorscale

    values = frame[value_column].astype(float).fillna(0)
    top = float(values.max()) or 1.0
    colours = sample_colorscale("Blues", [0.12 + 0.88 * v / top for v in values])
    fig = go.Figure()
    codes = list(frame["region_code"])
    for code, colour, text in zip(codes, colours, hover, strict=True):
        xs, ys = zip(*outlines[code], strict=True)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor=colour,
                hoveron="fills",
                line={"color": "#333333" if code == selected else "white", "width": 3 if code == selected else 1},
                text=text,
                hoverinfo="text",
                customdata=[code] * len(xs),
                showlegend=False,
                name=code,
            )
        )
    cx = [centroids[c][0] for c in codes]
    cy = [centroids[c][1] for c in codes]
    fig.add_trace(
        go.Scatter(
            x=cx, y=cy, mode="markers+text", text=labels, textposition="middle center",
            # white on the darker half of the scale, where dark type would not read
            textfont={"size": 12, "color": ["#ffffff" if v > 0.55 * top else "#111111" for v in values]},
            customdata=codes, hovertext=hover, hoverinfo="text",
            marker={"size": 30, "color": values, "colorscale": "Blues", "cmin": 0, "cmax": top,
                    "line": {"color": "#333333", "width": 1}, "opacity": 0.9,
                    "colorbar": {"title": {"text": colourbar_title}, "thickness": 12, "tickformat": tick_format}},
            showlegend=False, name="",
        )
    )  # fmt: skip
    fig.update_xaxes(visible=False, fixedrange=True)
    fig.update_yaxes(visible=False, fixedrange=True, scaleanchor="x", scaleratio=1.15)
    localise(fig, lang, title, height, mirror=False, wrap=60)
    fig.update_layout(plot_bgcolor="white", clickmode="event+select", dragmode=False)
    return fig


RANKING_LIMIT = 40  # a ranking longer than this shows only its first and last RANKING_EACH rows
RANKING_EACH = 15


def top_and_bottom(
    frame: pd.DataFrame, limit: int = RANKING_LIMIT, each: int = RANKING_EACH
) -> tuple[pd.DataFrame, int]:
    """A sorted frame whole when it has at most ``limit`` rows, else its first and last ``each``
    rows; and its full length."""
    if len(frame) <= limit:
        return frame, len(frame)
    return pd.concat([frame.head(each), frame.tail(each)]), len(frame)


def note_rows(fig: go.Figure, lang: str, shown: int, total: int) -> go.Figure:
    """Under a ranking's title, when it shows its first and last rows only (``top_and_bottom``), say
    so (the table below has them all), and draw a dotted line between the two halves."""
    if shown >= total:
        return fig
    each = shown // 2
    note_under_title(
        fig, lang, t(lang, "chart.top_bottom", shown=i18n.number(lang, each), total=i18n.number(lang, total))
    )
    fig.add_hline(y=each - 0.5, line_dash="dot", line_color="#777777", line_width=1)
    return fig


def note_under_title(fig: go.Figure, lang: str, note: str) -> go.Figure:
    """A line of smaller type under the chart's title, with room made for it."""
    mark = i18n.RLM if i18n.is_rtl(lang) else ""
    title = fig.layout.title.text or ""
    fig.update_layout(
        title={
            "text": f"{title}<br><span style='font-size:12px'>{mark}{note}{mark}</span>",
            "pad": {"t": title_pad(2)},
        },
        margin={"t": (fig.layout.margin.t or 60) + 20},
    )
    return fig
