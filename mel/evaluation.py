"""The evaluators' view: indicator explorer, scorecard, programme results, data completeness."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from mel import charts, i18n
from mel.db import Reader
from mel.filters import Filters
from mel.i18n import t
from mel.metrics import ON_TRACK_THRESHOLD, last_complete_quarter, rag
from mel.periods import quarter_start, shift_quarter

MEASURES = ("total", "women", "men", "gap")
GROUPS = ("region", "kind", "cohort")
COLOURED_ROWS = 400  # the scorecard colours its cells up to this many members
SCORE_COLUMNS = ("transparency", "access_to_information", "participation", "digitalisation", "gender")


# ---- indicator explorer -------------------------------------------------------------------------


def indicator_options(reader: Reader) -> pd.DataFrame:
    """Every indicator with its names, unit and whether it is recorded by sex."""
    return reader.df("indicator_options")


def indicator_periods(reader: Reader, indicator: str) -> list[str]:
    """Periods with values for the indicator, newest first."""
    return list(reader.df("indicator_periods", {"indicator": indicator})["period"])


def explorer_values(reader: Reader, filters: Filters, indicator: str, period: str, measure: str) -> pd.DataFrame:
    """Each filtered member's value for the indicator and period; ``value`` is the chosen measure."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}")
    frame = reader.df("explorer_values", filters.params(indicator=indicator, period=period))
    frame["gap"] = frame["women"] - frame["men"]
    frame["value"] = frame[measure]
    return frame.dropna(subset=["value"]).sort_values("value", ascending=False).reset_index(drop=True)


def ranking_figure(
    reader: Reader, filters: Filters, lang: str, indicator: str, period: str, measure: str, title: str
) -> go.Figure:
    """Members ranked on the indicator in the period (demo members in a lighter shade)."""
    frame, total = charts.top_and_bottom(explorer_values(reader, filters, indicator, period, measure))
    labels = [f"{n} ({c})" for n, c in zip(frame[i18n.name_column(lang)], frame["member_code"], strict=True)]
    fig = go.Figure(
        go.Bar(
            x=frame["value"], y=labels, orientation="h",
            marker={"color": ["#8fb3c4" if d else "#1b5e7a" for d in frame["is_demo"]]},
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont={"size": 10})
    charts.localise(fig, lang, title, max(320, 120 + 14 * len(frame)), wrap=90)
    return charts.note_rows(fig, lang, len(frame), total)


def distribution_figure(
    reader: Reader, filters: Filters, lang: str, indicator: str, period: str, measure: str, group: str, title: str
) -> go.Figure:
    """The spread of members' values by region, kind or cohort: a box with every member as a point."""
    if group not in GROUPS:
        raise ValueError(f"group must be one of {GROUPS}")
    frame = explorer_values(reader, filters, indicator, period, measure)
    if group == "region":
        keys = frame[i18n.name_column(lang, "region_name")]
    elif group == "kind":
        keys = frame["kind"].map(lambda k: t(lang, f"kind.{k}.plural"))
    else:
        keys = frame["cohort"].map(lambda n: t(lang, "cohort.label", n=int(n)))
    fig = go.Figure(
        go.Box(
            x=keys, y=frame["value"], boxpoints="all", jitter=0.4, pointpos=0, marker={"color": "#1b5e7a", "size": 5},
            text=frame[i18n.name_column(lang)], hovertemplate="%{text}: %{y}<extra></extra>", name="",
        )
    )  # fmt: skip
    fig.update_xaxes(tickangle=-30 if group == "region" else 0)
    return charts.localise(fig, lang, title, 420, wrap=90)


def quartiles(reader: Reader, filters: Filters, indicator: str, measure: str) -> pd.DataFrame:
    """The network's first quartile, median and third quartile per period."""
    return reader.df("explorer_quartiles", filters.params(indicator=indicator, measure=measure))


def quartiles_figure(
    reader: Reader, filters: Filters, lang: str, indicator: str, measure: str, title: str
) -> go.Figure:
    """Median over time, with the band between the first and third quartiles."""
    frame = quartiles(reader, filters, indicator, measure)
    x = [i18n.quarter(lang, p) for p in frame["period"]]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=frame["q3"], mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip"))
    fig.add_trace(
        go.Scatter(x=x, y=frame["q1"], mode="lines", line={"width": 0}, fill="tonexty",
                   fillcolor="rgba(27,94,122,0.2)", name=t(lang, "eval.quartile_band"))
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(x=x, y=frame["median"], mode="lines+markers", line={"color": "#1b5e7a", "width": 3},
                   name=t(lang, "eval.median"))
    )  # fmt: skip
    return charts.localise(fig, lang, title, 380, wrap=90)


def explorer_table(
    reader: Reader, filters: Filters, lang: str, indicator: str, period: str, measure: str
) -> pd.DataFrame:
    """The table behind the explorer's charts, in the user's language."""
    frame = explorer_values(reader, filters, indicator, period, measure)
    table = pd.DataFrame(
        {
            t(lang, "col.rank"): range(1, len(frame) + 1),
            t(lang, "col.code"): frame["member_code"],
            t(lang, "col.name"): frame[i18n.name_column(lang)],
            t(lang, "col.kind"): frame["kind"].map(lambda k: t(lang, f"kind.{k}")),
            t(lang, "col.region"): frame[i18n.name_column(lang, "region_name")],
            t(lang, "col.cohort"): frame["cohort"],
            t(lang, "col.total"): frame["total"],
            t(lang, "col.women"): frame["women"],
            t(lang, "col.men"): frame["men"],
            t(lang, "col.gap"): frame["gap"],
            t(lang, "col.data"): frame["is_demo"].map(lambda d: t(lang, "demo.badge" if d else "real.badge")),
        }
    )
    if frame["women"].isna().all():  # not recorded by sex: no women / men / gap columns
        table = table.drop(columns=[t(lang, "col.women"), t(lang, "col.men"), t(lang, "col.gap")])
    return table


# ---- scorecard ----------------------------------------------------------------------------------


def scorecard(reader: Reader, filters: Filters, today: date) -> pd.DataFrame:
    """Members (rows) x principles and gender (columns): share of indicators on track; plus overall."""
    long = reader.df("scorecard", filters.params(today=today, on_track=ON_TRACK_THRESHOLD))
    if long.empty:
        return pd.DataFrame(columns=["member_code", "name_fr", "name_ar", "kind", "cohort", *SCORE_COLUMNS, "overall"])
    wide = long.pivot_table(index="member_code", columns="principle", values="share_on_track", aggfunc="first")
    wide = wide.reindex(columns=list(SCORE_COLUMNS))
    totals = long.groupby("member_code")[["on_track", "indicators"]].sum()
    wide["overall"] = totals["on_track"] / totals["indicators"]
    info = long.drop_duplicates("member_code").set_index("member_code")[
        ["name_fr", "name_ar", "kind", "region_code", "cohort", "is_demo"]
    ]
    return info.join(wide).reset_index().sort_values("overall", ascending=False).reset_index(drop=True)


def scorecard_table(reader: Reader, filters: Filters, lang: str, today: date) -> pd.DataFrame:
    """The scorecard in the user's language, shares in %, with a link to each member's plan page."""
    frame = scorecard(reader, filters, today)
    out = pd.DataFrame(
        {
            t(lang, "col.name"): frame[i18n.name_column(lang)],
            t(lang, "col.plan_link"): [f"/plan?member={c}&lang={lang}" for c in frame["member_code"]],
            t(lang, "col.kind"): frame["kind"].map(lambda k: t(lang, f"kind.{k}")),
            t(lang, "col.cohort"): frame["cohort"],
        }
    )
    for column in (*SCORE_COLUMNS, "overall"):
        label = t(lang, f"principle.{column}") if column != "overall" else t(lang, "eval.overall")
        out[label] = (frame[column].astype(float) * 100).round(0)
    return out


def scorecard_colours(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """CSS background colours for the cells of ``scorecard_table`` (red / amber / green)."""
    score_labels = [t(lang, f"principle.{c}") for c in SCORE_COLUMNS] + [t(lang, "eval.overall")]
    colours = pd.DataFrame("", index=table.index, columns=table.columns)
    soft = {"green": "#c8e6c9", "amber": "#ffe0b2", "red": "#ffcdd2", "grey": ""}
    for label in score_labels:
        shades = [soft[rag(None if pd.isna(v) else v / 100)] for v in table[label]]
        colours[label] = [f"background-color: {shade}" if shade else "" for shade in shades]
    return colours


# ---- programme results --------------------------------------------------------------------------

COMPLETION_ORDER = ("not_assessed", "not_started", "limited", "substantial", "complete")
OPENED_ORDER = ("not_assessed", "worsened", "did_not_change", "marginal", "major", "outstanding")
LEVEL_COLOURS = ["#bdbdbd", "#c62828", "#f0a202", "#7cb342", "#2e7d32", "#1b5e20"]


def project_results(reader: Reader, filters: Filters) -> pd.DataFrame:
    """Projects counted by principle, cohort, completion and 'did it open government'."""
    return reader.df("project_results", filters.params())


def project_results_figure(reader: Reader, filters: Filters, lang: str, measure: str, by: str, title: str) -> go.Figure:
    """Stacked bars: projects by ``measure`` (completion / opened_government) per ``by`` (principle / cohort)."""
    frame = project_results(reader, filters)
    order = COMPLETION_ORDER if measure == "completion" else OPENED_ORDER
    prefix = "completion" if measure == "completion" else "opened"
    table = frame.pivot_table(index=by, columns=measure, values="projects", aggfunc="sum", fill_value=0)
    if by == "principle":
        table = table.reindex([p for p in SCORE_COLUMNS if p in table.index])
        labels = [t(lang, f"principle.{p}") for p in table.index]
    else:
        labels = [t(lang, "cohort.label", n=int(c)) for c in table.index]
    fig = go.Figure()
    colours = LEVEL_COLOURS if measure == "opened_government" else [LEVEL_COLOURS[0], *LEVEL_COLOURS[1:5]]
    for level, colour in zip(order, colours, strict=False):
        if level not in table.columns:
            continue
        name = t(lang, "eval.not_assessed") if level == "not_assessed" else t(lang, f"{prefix}.{level}")
        fig.add_trace(go.Bar(x=labels, y=table[level], name=name, marker={"color": colour}))
    fig.update_layout(barmode="stack")
    return charts.localise(fig, lang, title, 400, wrap=60)


def on_time_figure(reader: Reader, filters: Filters, lang: str, today: date, title: str) -> go.Figure:
    """Share of milestones delivered on or before their due date, per quarter they fell due."""
    frame = reader.df("milestones_on_time", filters.params(today=today))
    x = [i18n.quarter(lang, p) for p in frame["period"]]
    fig = go.Figure(
        go.Bar(
            x=x, y=frame["share_on_time"], marker={"color": "#1b5e7a"},
            customdata=frame[["on_time", "due"]].to_numpy(),
            hovertemplate="%{x}: %{y:.0%} (%{customdata[0]} / %{customdata[1]})<extra></extra>",
        )
    )  # fmt: skip
    fig.update_yaxes(range=[0, 1], tickformat=".0%")
    return charts.localise(fig, lang, title, 360, wrap=60)


# ---- data completeness ----------------------------------------------------------------------------


def completeness(reader: Reader, filters: Filters, today: date) -> pd.DataFrame:
    """Expected and reported values per member and quarter, from adoption to the last complete quarter."""
    last = last_complete_quarter(today)
    frame = reader.df("completeness", filters.params(last_start=quarter_start(last)))
    frame["missing"] = frame["expected"] - frame["reported"]
    frame["rate"] = frame["reported"] / frame["expected"]
    return frame


def reporting_rate(reader: Reader, filters: Filters, today: date) -> pd.DataFrame:
    """The network's reporting rate per quarter: values reported ÷ values expected."""
    frame = completeness(reader, filters, today)
    grouped = frame.groupby(["period", "period_start"], as_index=False)[["expected", "reported"]].sum()
    grouped["rate"] = grouped["reported"] / grouped["expected"]
    return grouped.sort_values("period_start").reset_index(drop=True)


def reporting_rate_figure(reader: Reader, filters: Filters, lang: str, today: date, title: str) -> go.Figure:
    """The reporting rate over time."""
    frame = reporting_rate(reader, filters, today)
    fig = go.Figure(
        go.Scatter(
            x=[i18n.quarter(lang, p) for p in frame["period"]], y=frame["rate"], mode="lines+markers",
            line={"color": "#1b5e7a", "width": 3}, hovertemplate="%{x}: %{y:.0%}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%")
    return charts.localise(fig, lang, title, 340, wrap=60)


def completeness_figure(reader: Reader, filters: Filters, lang: str, today: date, title: str) -> go.Figure:
    """Members x quarters, coloured by the share of expected values reported (blank = nothing due)."""
    frame = completeness(reader, filters, today)
    if frame.empty:
        return charts.localise(go.Figure(), lang, title)
    names = dict(zip(frame["member_code"], frame[i18n.name_column(lang)], strict=False))
    wide = frame.pivot_table(index="member_code", columns="period_start", values="rate", aggfunc="first")
    total = len(wide)
    if total > charts.CHART_ROWS:  # the least complete members, where the gaps are
        wide = wide.loc[wide.mean(axis=1).sort_values().index[: charts.CHART_ROWS]]
    periods = [i18n.quarter(lang, f"{d.year}-Q{(d.month - 1) // 3 + 1}") for d in pd.to_datetime(wide.columns)]
    fig = go.Figure(
        go.Heatmap(
            z=wide.to_numpy(), x=periods, y=[f"{names[c]} ({c})" for c in wide.index],
            colorscale=[[0, "#c62828"], [0.5, "#f0a202"], [1, "#2e7d32"]], zmin=0, zmax=1,
            colorbar={"tickformat": ".0%", "thickness": 12}, hovertemplate="%{y}<br>%{x}: %{z:.0%}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_yaxes(tickfont={"size": 9}, automargin=True)
    charts.localise(fig, lang, title, max(400, 120 + 11 * len(wide)), wrap=90)
    return charts.note_rows(fig, lang, len(wide), total)


def silent_members(reader: Reader, filters: Filters, lang: str, today: date) -> pd.DataFrame:
    """Members with an adopted plan who reported nothing in the last two complete quarters."""
    frame = completeness(reader, filters, today)
    last = last_complete_quarter(today)
    recent = frame[frame["period"].isin([last, shift_quarter(last, -1)])]
    totals = recent.groupby("member_code").agg(reported=("reported", "sum"), slots=("period", "count"))
    silent = totals[(totals["reported"] == 0) & (totals["slots"] == 2)].index
    info = frame[frame["member_code"].isin(silent)].drop_duplicates("member_code")
    last_reported = frame[frame["reported"] > 0].groupby("member_code")["period"].max()
    return pd.DataFrame(
        {
            t(lang, "col.code"): info["member_code"],
            t(lang, "col.name"): info[i18n.name_column(lang)],
            t(lang, "col.kind"): info["kind"].map(lambda k: t(lang, f"kind.{k}")),
            t(lang, "col.cohort"): info["cohort"],
            t(lang, "col.last_report"): info["member_code"].map(last_reported).fillna("–"),
        }
    )


def completeness_table(reader: Reader, filters: Filters, lang: str, today: date) -> pd.DataFrame:
    """Per member and quarter: values expected, reported and missing, for download."""
    frame = completeness(reader, filters, today)
    return pd.DataFrame(
        {
            t(lang, "col.code"): frame["member_code"],
            t(lang, "col.name"): frame[i18n.name_column(lang)],
            t(lang, "col.period"): frame["period"],
            t(lang, "col.expected"): frame["expected"],
            t(lang, "col.reported"): frame["reported"],
            t(lang, "col.missing"): frame["missing"],
            t(lang, "col.reporting_rate"): (frame["rate"] * 100).round(0),
        }
    )
