"""Plotly figures, labelled in the user's language and laid out right to left in Arabic."""

from __future__ import annotations

import textwrap
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from mel import i18n
from mel.i18n import t
from mel.metrics import rag

KIND_COLOURS = {"region": "#1b5e7a", "council": "#e39b2d", "commune": "#3c9a6b"}
COHORT_COLOURS = ["#1b5e7a", "#3c9a6b", "#e39b2d", "#8e5ba6", "#c8553d", "#5b7083"]
RAG_COLOURS = {"green": "#2e7d32", "amber": "#f0a202", "red": "#c62828", "grey": "#9e9e9e"}
FONT_FAMILY = "Noto Sans, Noto Naskh Arabic, DejaVu Sans, sans-serif"
SEPARATORS = {"ar": ",.", "fr": ", ", "en": ".,"}


def localise(
    fig: go.Figure, lang: str, title: str | None = None, height: int = 360, mirror: bool = True, wrap: int = 40
) -> go.Figure:
    """Fonts, number separators, and in Arabic a right-anchored title and (unless a map) mirrored axes."""
    rtl = i18n.is_rtl(lang)
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 14},
        separators=SEPARATORS[lang],
        height=height,
        margin={"l": 10, "r": 10, "t": (56 if len(title or "") <= wrap else 80) if title else 20, "b": 10},
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.18,
            "x": 1 if rtl else 0,
            "xanchor": "right" if rtl else "left",
            "title": {"text": ""},
        },
        hoverlabel={"font": {"family": FONT_FAMILY}},
        plot_bgcolor="white",
    )
    if title:
        # In RTL the title is anchored at the right edge (title_x=1 alone pushes it off the chart).
        fig.update_layout(
            title={
                "text": "<br>".join(textwrap.wrap(title, wrap)) + (i18n.RLM if rtl else ""),
                "x": 0.99 if rtl else 0.01,
                "xanchor": "right" if rtl else "left",
                "xref": "container",
                "font": {"size": 17},
            }
        )
    fig.update_xaxes(gridcolor="#eeeeee", zeroline=False)
    fig.update_yaxes(gridcolor="#eeeeee", zeroline=False, side="right" if rtl and mirror else "left")
    if rtl and mirror:
        fixed = fig.layout.xaxis.range
        if fixed is not None:
            fig.update_xaxes(range=list(reversed(fixed)))
        else:
            fig.update_xaxes(autorange="reversed")
    return fig


def month_ticks(lang: str, months: pd.Series, every: int = 12) -> tuple[list[pd.Timestamp], list[str]]:
    """Tick positions every ``every`` months with month names formatted by Babel."""
    values = sorted(pd.to_datetime(months).unique())
    picks = [v for v in values if (pd.Timestamp(v).month - 1) % every == 0] or values[:1]
    return picks, [i18n.month(lang, pd.Timestamp(v).date()) for v in picks]


def growth_chart(
    wide: pd.DataFrame, by: str, lang: str, counts: pd.DataFrame, title: str, height: int = 380, wrap: int = 40
) -> go.Figure:
    """The registry's members per month, stacked by kind or cohort, beside the published totals."""
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
    _published_counts(fig, counts, lang)
    ticks, labels = month_ticks(lang, pd.Series(wide.index))
    fig.update_xaxes(tickvals=ticks, ticktext=labels)
    fig.update_yaxes(
        title={"text": t(lang, "chart.members_axis")},
        rangemode="tozero",
        range=[0, max(1.0, float(total.max())) * 1.18],
    )
    return localise(fig, lang, title, height, wrap=wrap)


def _published_counts(fig: go.Figure, counts: pd.DataFrame, lang: str) -> None:
    """Published totals as points with their source on hover: the ones the registry follows filled and
    labelled, other sources' figures hollow; an event with no count (the network's creation) labelled."""
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
    for point in dated.itertuples():
        followed_count = bool(point.registry_follows) and not pd.isna(point.members)
        if not followed_count and not pd.isna(point.members):
            continue  # other sources' figures: hover only, the chart stays readable
        fig.add_annotation(
            x=pd.Timestamp(point.on_date),
            y=0.0 if pd.isna(point.members) else float(point.members),
            text=f"<b>{getattr(point, f'label_{lang}')}</b>",
            showarrow=True,
            arrowhead=2,
            ax=-40 if not i18n.is_rtl(lang) else 40,
            ay=-36,
            font={"size": 12},
            bgcolor="rgba(255,255,255,0.85)",
        )


def principle_chart(frame: pd.DataFrame, lang: str, title: str, height: int = 320) -> go.Figure:
    """Average achievement per principle as horizontal bars, with the on-track share on hover."""
    labels = [t(lang, f"principle.{p}") for p in frame["principle"]]
    values = frame["achievement"].fillna(0).astype(float)
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker={"color": [RAG_COLOURS[rag(v)] for v in values]},
            text=[i18n.percent(lang, v) for v in values],
            textposition="auto",
            customdata=[i18n.percent(lang, s) for s in frame["share_on_track"]],
            hovertemplate="%{y}<br>"
            + t(lang, "chart.achievement")
            + ": %{text}<br>"
            + t(lang, "chart.on_track_share")
            + ": %{customdata}<extra></extra>",
        )
    )
    fig.update_xaxes(range=[0, 1.05], tickformat=".0%", dtick=0.25, title={"text": t(lang, "chart.achievement")})
    fig.update_yaxes(autorange="reversed")
    return localise(fig, lang, title, height)


def today_line(fig: go.Figure, today: date, lang: str) -> go.Figure:
    """A dashed vertical line for today."""
    fig.add_vline(x=pd.Timestamp(today), line_dash="dash", line_color="#555555")
    fig.add_annotation(x=pd.Timestamp(today), y=1, yref="paper", text=t(lang, "chart.today"), showarrow=False)
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
) -> go.Figure:
    """Morocco's 12 regions as filled outlines (no base map, no network), coloured by ``value_column``.

    One filled path per region; a marker at each region's centre carries the label and the
    colour bar. Every point carries its region's code as customdata, for selection.
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
            textfont={"size": 12, "color": "#111111"}, customdata=codes, hovertext=hover, hoverinfo="text",
            marker={"size": 30, "color": values, "colorscale": "Blues", "cmin": 0, "cmax": top,
                    "line": {"color": "#333333", "width": 1}, "opacity": 0.9,
                    "colorbar": {"title": {"text": colourbar_title}, "thickness": 12}},
            showlegend=False, name="",
        )
    )  # fmt: skip
    fig.update_xaxes(visible=False, fixedrange=True)
    fig.update_yaxes(visible=False, fixedrange=True, scaleanchor="x", scaleratio=1.15)
    localise(fig, lang, title, height, mirror=False, wrap=60)
    fig.update_layout(plot_bgcolor="white", clickmode="event+select", dragmode=False)
    return fig


CHART_ROWS = 60  # a ranking longer than this shows its top and bottom halves


def top_and_bottom(frame: pd.DataFrame, limit: int = CHART_ROWS) -> tuple[pd.DataFrame, int]:
    """The first and last ``limit / 2`` rows of a sorted frame (all of it if short), and its length."""
    if len(frame) <= limit:
        return frame, len(frame)
    half = limit // 2
    return pd.concat([frame.head(half), frame.tail(half)]), len(frame)


def note_rows(fig: go.Figure, lang: str, shown: int, total: int) -> go.Figure:
    """Say under a long ranking's title that it shows only part of the rows (the table has them all)."""
    if shown < total:
        note = t(lang, "chart.top_bottom", shown=i18n.number(lang, shown), total=i18n.number(lang, total))
        title = fig.layout.title.text or ""
        fig.update_layout(title={"text": f"{title}<br><span style='font-size:12px'>{note}</span>"})
        fig.update_layout(margin={"t": (fig.layout.margin.t or 60) + 24})
    return fig
