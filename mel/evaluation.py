"""The evaluators' view: indicator explorer, scorecard, programme results, data completeness."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from mel import charts, i18n, links, vocabulary
from mel.db import Reader
from mel.filters import Filters
from mel.i18n import t
from mel.metrics import ON_TRACK_THRESHOLD, last_complete_quarter, rag_as_shown
from mel.periods import quarter_start, shift_quarter

MEASURES = ("total", "women", "men", "gap")
GROUPS = ("region", "kind", "cohort")
COLOURED_ROWS = 400  # the scorecard colours its cells up to this many members
SCORE_COLUMNS = vocabulary.PRINCIPLES.codes


# ---- indicator explorer -------------------------------------------------------------------------


def indicator_options(reader: Reader) -> pd.DataFrame:
    """Every indicator with its names, unit and whether it is recorded by sex."""
    return reader.df("choices/indicators")


def indicator_periods(reader: Reader, indicator: str) -> list[str]:
    """Periods with values for the indicator, newest first."""
    return list(reader.df("choices/indicator_periods", {"indicator": indicator})["period"])


def explorer_values(reader: Reader, filters: Filters, indicator: str, period: str, measure: str) -> pd.DataFrame:
    """Each filtered member's value for the indicator and period; ``value`` is the chosen measure."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}")
    frame = reader.df("evaluation/explorer_values", filters.params(indicator=indicator, period=period))
    frame["gap"] = frame["women"] - frame["men"]
    frame["value"] = frame[measure]
    # ties by code, so that the ranking, its chart and its table list members in the same order every time
    ranked = frame.dropna(subset=["value"]).sort_values(["value", "member_code"], ascending=[False, True])
    return ranked.reset_index(drop=True)


def ranking_figure(
    reader: Reader, filters: Filters, lang: str, indicator: str, period: str, measure: str, title: str
) -> go.Figure:
    """Members ranked on the indicator in the period (demo members in a lighter shade)."""
    frame, total = charts.top_and_bottom(explorer_values(reader, filters, indicator, period, measure))
    labels = charts.member_labels(lang, frame)
    fig = go.Figure(
        go.Bar(
            x=frame["value"], y=labels, orientation="h",
            marker={"color": ["#8fb3c4" if d else "#1b5e7a" for d in frame["is_demo"]]},
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont={"size": 12})
    charts.localise(fig, lang, title, max(320, 130 + 22 * len(frame)), wrap=60)
    return charts.note_rows(fig, lang, len(frame), total)


def distribution_figure(
    reader: Reader, filters: Filters, lang: str, indicator: str, period: str, measure: str, group: str, title: str
) -> go.Figure:
    """The spread of members' values by region, kind or cohort: a box with every member as a point
    (past ``charts.POINTS_SHOWN`` members, only the outliers), one group per row (names read whole
    beside their box), in the groups' own order."""
    if group not in GROUPS:
        raise ValueError(f"group must be one of {GROUPS}")
    frame = explorer_values(reader, filters, indicator, period, measure)
    if group == "region":
        keys = frame[i18n.name_column(lang, "region_name")]
        order = list(dict.fromkeys(frame.sort_values("region_code")[i18n.name_column(lang, "region_name")]))
    elif group == "kind":
        keys = frame["kind"].map(lambda k: t(lang, f"kind.{k}.plural"))
        order = [t(lang, f"kind.{k}.plural") for k in vocabulary.KINDS.codes if k in set(frame["kind"])]
    else:
        keys = frame["cohort"].map(lambda n: t(lang, "cohort.label", n=int(n)))
        order = [t(lang, "cohort.label", n=int(n)) for n in sorted(set(frame["cohort"]))]
    fig = go.Figure(
        go.Box(
            x=frame["value"], y=keys, orientation="h", jitter=0.4, pointpos=0,
            boxpoints="all" if len(frame) <= charts.POINTS_SHOWN else "outliers",
            marker={"color": "#1b5e7a", "size": 5}, text=frame[i18n.name_column(lang)],
            hovertemplate="%{text}: %{x}<extra></extra>", name="",
        )
    )  # fmt: skip
    fig.update_yaxes(categoryorder="array", categoryarray=order, autorange="reversed", automargin=True)
    return charts.localise(fig, lang, title, max(300, 130 + 36 * len(order)), wrap=60)


def quartiles(reader: Reader, filters: Filters, indicator: str, measure: str) -> pd.DataFrame:
    """The network's first quartile, median and third quartile per period."""
    return reader.df("evaluation/explorer_quartiles", filters.params(indicator=indicator, measure=measure))


def quartiles_figure(
    reader: Reader, filters: Filters, lang: str, indicator: str, measure: str, title: str
) -> go.Figure:
    """Median over time, with the band between the first and third quartiles."""
    frame = quartiles(reader, filters, indicator, measure)
    x, periods = list(frame["period"]), [i18n.quarter(lang, p) for p in frame["period"]]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=frame["q3"], mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip"))
    fig.add_trace(
        go.Scatter(x=x, y=frame["q1"], mode="lines", line={"width": 0}, fill="tonexty",
                   fillcolor="rgba(27,94,122,0.2)", name=t(lang, "eval.quartile_band"), hoverinfo="skip")
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(x=x, y=frame["median"], mode="lines+markers", line={"color": "#1b5e7a", "width": 3},
                   name=t(lang, "eval.median"), customdata=periods, hovertemplate="%{customdata}: %{y}<extra></extra>")
    )  # fmt: skip
    charts.quarter_axis(fig, lang, x)
    return charts.localise(fig, lang, title, 380, wrap=60)


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
    long = reader.df("evaluation/scorecard", filters.params(today=today, on_track=ON_TRACK_THRESHOLD))
    if long.empty:
        return pd.DataFrame(
            columns=["member_code", "name_fr", "name_ar", "kind", "region_code", "region_name_fr", "region_name_ar",
                     "cohort", "is_demo", *SCORE_COLUMNS, "overall"]
        )  # fmt: skip
    wide = long.pivot_table(index="member_code", columns="principle", values="share_on_track", aggfunc="first")
    wide = wide.reindex(columns=list(SCORE_COLUMNS))
    totals = long.groupby("member_code")[["on_track", "indicators"]].sum()
    wide["overall"] = totals["on_track"] / totals["indicators"]
    info = long.drop_duplicates("member_code").set_index("member_code")[
        ["name_fr", "name_ar", "kind", "region_code", "region_name_fr", "region_name_ar", "cohort", "is_demo"]
    ]
    return info.join(wide).reset_index().sort_values("overall", ascending=False).reset_index(drop=True)


def scorecard_table(reader: Reader, filters: Filters, lang: str, today: date, base: str = "") -> pd.DataFrame:
    """The scorecard in the user's language, shares in %: name, code, region, kind, cohort and a link
    to each member's plan page with the view kept (absolute from ``base``, the app's public address)."""
    frame = scorecard(reader, filters, today)
    out = pd.DataFrame(
        {
            t(lang, "col.name"): frame[i18n.name_column(lang)],
            t(lang, "col.plan_link"): [links.member_page(base, lang, filters, c) for c in frame["member_code"]],
            t(lang, "col.code"): frame["member_code"],
            t(lang, "col.region"): frame[i18n.name_column(lang, "region_name")],
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
    soft = vocabulary.RAG_TINTS
    for label in score_labels:
        shades = [soft[rag_as_shown(None if pd.isna(v) else v / 100)] for v in table[label]]
        colours[label] = [f"background-color: {shade}" if shade else "" for shade in shades]
    return colours


def scorecard_marked(table: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``scorecard_table`` as shown: each score with its status's shape ("● 82"), so that it is
    not told by colour alone; and the numbers behind them, to sort by (``ui.table``'s sort keys)."""
    shown, keys = table.copy(), pd.DataFrame(index=table.index)
    for label in [t(lang, f"principle.{c}") for c in SCORE_COLUMNS] + [t(lang, "eval.overall")]:
        values = [None if pd.isna(v) else float(v) for v in table[label]]
        shown[label] = [
            "" if v is None else f"{vocabulary.RAG_ICONS[rag_as_shown(v / 100)]} {i18n.number(lang, v)}" for v in values
        ]
        keys[label] = values
    return shown, keys


# ---- programme results --------------------------------------------------------------------------

NOT_ASSESSED = "not_assessed"  # a project no evaluator has assessed yet: on neither scale
# The OGP scales in the vocabulary's order, after the projects not assessed yet.
COMPLETION_ORDER = (NOT_ASSESSED, *vocabulary.COMPLETION.codes)
OPENED_ORDER = (NOT_ASSESSED, *vocabulary.OPENED_GOVERNMENT.codes)
LEVEL_COLOURS = {
    NOT_ASSESSED: "#d9d9d9", "no_evidence": "#8d6e63", "not_started": "#c62828", "limited": "#f0a202",
    "substantial": "#7cb342", "complete": "#2e7d32", "worsened": "#7f0000", "did_not_change": "#f0a202",
    "marginal": "#7cb342", "major": "#2e7d32", "outstanding": "#1b5e20",
}  # fmt: skip


def project_results(reader: Reader, filters: Filters, today: date) -> pd.DataFrame:
    """One row per project and principle of its axis: cohort, completion and 'did it open government'."""
    return reader.df("evaluation/project_results", filters.params(today=today))


def project_results_figure(
    reader: Reader, filters: Filters, lang: str, today: date, measure: str, by: str, title: str
) -> go.Figure:
    """Projects by ``measure`` (completion / opened_government) per ``by`` (principle / cohort), as
    horizontal stacked bars: a principle's name reads whole beside its bar, even on half a page."""
    frame = project_results(reader, filters, today)
    scale = vocabulary.COMPLETION if measure == "completion" else vocabulary.OPENED_GOVERNMENT
    # By cohort a project counts once; by principle once per principle of its axis.
    frame = frame.dropna(subset=["principle"]) if by == "principle" else frame.drop_duplicates("project_id")
    table = frame.pivot_table(index=by, columns=measure, values="project_id", aggfunc="count", fill_value=0)
    if by == "principle":
        table = table.reindex([p for p in SCORE_COLUMNS if p in table.index])
        labels = [t(lang, f"principle.{p}") for p in table.index]
    else:
        labels = [t(lang, "cohort.label", n=int(c)) for c in table.index]
    fig = go.Figure()
    # Every level present is drawn, in the scale's order; a level the scale does not know (never
    # expected: the schema checks it) is drawn last under its code rather than dropped.
    levels = [NOT_ASSESSED, *scale.codes]
    for level in [*levels, *sorted(set(table.columns) - set(levels))]:
        if level not in table.columns:
            continue
        name = t(lang, "eval.not_assessed") if level == NOT_ASSESSED else scale.labels(lang).get(level, level)
        colour = LEVEL_COLOURS.get(level, "#5b7083")
        fig.add_trace(
            go.Bar(
                x=table[level], y=labels, orientation="h", name=name, marker={"color": colour},
                hovertemplate="%{y}<br>" + name + ": %{x}<extra></extra>",
            )
        )  # fmt: skip
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})  # the scale's order
    fig.update_yaxes(autorange="reversed", automargin=True)
    return charts.localise(fig, lang, title, 150 + 44 * len(labels), wrap=60)


def on_time_figure(reader: Reader, filters: Filters, lang: str, today: date, title: str) -> go.Figure:
    """Share of milestones delivered on or before their due date, per quarter they fell due."""
    frame = reader.df("evaluation/milestones_on_time", filters.params(today=today))
    x = list(frame["period"])
    fig = go.Figure(
        go.Bar(
            x=x, y=frame["share_on_time"], marker={"color": "#1b5e7a"},
            customdata=[[i18n.quarter(lang, p), on_time, due] for p, on_time, due
                        in zip(x, frame["on_time"], frame["due"], strict=True)],
            hovertemplate="%{customdata[0]}: %{y:.0%} (%{customdata[1]} / %{customdata[2]})<extra></extra>",
        )
    )  # fmt: skip
    charts.quarter_axis(fig, lang, x, width=charts.FULL_WIDTH)
    fig.update_yaxes(range=[0, 1], tickformat=".0%")
    return charts.localise(fig, lang, title, 360, wrap=60)


# ---- data completeness ----------------------------------------------------------------------------


def completeness(reader: Reader, filters: Filters, today: date) -> pd.DataFrame:
    """Expected and reported values per member and quarter, from adoption to the last complete quarter."""
    last = last_complete_quarter(today)
    frame = reader.df("evaluation/completeness", filters.params(last_start=quarter_start(last)))
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
    x = list(frame["period"])
    fig = go.Figure(
        go.Scatter(
            x=x, y=frame["rate"], mode="lines+markers", line={"color": "#1b5e7a", "width": 3},
            customdata=[i18n.quarter(lang, p) for p in x], hovertemplate="%{customdata}: %{y:.0%}<extra></extra>",
        )
    )  # fmt: skip
    charts.quarter_axis(fig, lang, x, width=charts.FULL_WIDTH)
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%")
    return charts.localise(fig, lang, title, 340, wrap=60)


HEATMAP_ROWS = 40  # members the heat map can label one by one; the table below has them all


def least_complete_first(frame: pd.DataFrame) -> list[str]:
    """Member codes from the least to the most complete (values reported ÷ expected, all quarters)."""
    totals = frame.groupby("member_code")[["reported", "expected"]].sum()
    return list((totals["reported"] / totals["expected"]).sort_values(kind="stable").index)


def completeness_figure(reader: Reader, filters: Filters, lang: str, today: date, title: str) -> go.Figure:
    """Members x quarters, coloured by the share of expected values reported (blank = nothing due):
    the ``HEATMAP_ROWS`` least complete members, from the top, each row labelled."""
    frame = completeness(reader, filters, today)
    if frame.empty:
        return charts.localise(go.Figure(), lang, title)
    names = dict(zip(frame["member_code"], frame[i18n.name_column(lang)], strict=False))
    order = least_complete_first(frame)
    shown = order[:HEATMAP_ROWS]
    wide = frame.pivot_table(index="member_code", columns="period", values="rate", aggfunc="first").reindex(shown)
    wide = wide[sorted(wide.columns)]
    rows = [charts.member_label(lang, names[c], c) for c in wide.index]
    colourbar = {"tickformat": ".0%", "thickness": 12}
    RAG = vocabulary.RAG_COLOURS  # the one palette, short for the scale below
    if i18n.is_rtl(lang):  # the members' names are on the right: the colour bar goes to the left
        colourbar.update(x=-0.02, xanchor="right")
    fig = go.Figure(
        go.Heatmap(
            z=wide.to_numpy(), x=list(wide.columns), y=rows,
            customdata=[[i18n.quarter(lang, p) for p in wide.columns] for _ in rows],
            colorscale=[[0, RAG["red"]], [0.5, RAG["amber"]], [1, RAG["green"]]], zmin=0, zmax=1, xgap=1, ygap=1,
            colorbar=colourbar,
            hovertemplate="%{y}<br>%{customdata}: %{z:.0%}<extra></extra>",
        )
    )  # fmt: skip
    # Every row drawn has its label (plotly would skip some of a crowded axis); quarters as on the
    # other charts, side by side.
    fig.update_yaxes(tickmode="array", tickvals=rows, ticktext=rows, tickfont={"size": 11}, autorange="reversed",
                     automargin=True, showgrid=False)  # fmt: skip
    ticks, labels = charts.quarter_ticks(lang, list(wide.columns), width=charts.FULL_WIDTH - 240)
    fig.update_xaxes(type="category", tickvals=ticks, ticktext=labels, tickangle=0, showgrid=False)
    charts.localise(fig, lang, title, max(320, 140 + 20 * len(rows)), wrap=90)
    if len(shown) < len(order):
        note = t(lang, "chart.least_complete", shown=i18n.number(lang, len(shown)), total=i18n.number(lang, len(order)))
        charts.note_under_title(fig, lang, note)
    return fig


SILENT_QUARTERS = (1, 2, 3, 4)  # the choices of "no report in the last N complete quarters"
CONTACT_ROLES = ("evaluator", "administrator")  # who sees the focal points' e-mail and phone


def silent_members(
    reader: Reader, filters: Filters, lang: str, today: date, quarters: int = 2, base: str = "", contacts: bool = False
) -> pd.DataFrame:
    """Members with an adopted plan who reported nothing in the last ``quarters`` complete quarters
    (adopted before them): name, code, region, kind, cohort, the focal point of the latest plan,
    the last period reported and the member's page with the view kept (absolute from ``base``).

    The focal point's e-mail and phone are personal data kept out of open data: they are added
    only when ``contacts`` (the page passes it for evaluators and administrators).
    """
    frame = completeness(reader, filters, today)
    last = last_complete_quarter(today)
    recent = frame[frame["period"].isin([shift_quarter(last, -k) for k in range(quarters)])]
    totals = recent.groupby("member_code").agg(reported=("reported", "sum"), slots=("period", "count"))
    silent = totals[(totals["reported"] == 0) & (totals["slots"] == quarters)].index
    info = frame[frame["member_code"].isin(silent)].drop_duplicates("member_code")
    people = (
        reader.df("evaluation/member_contacts", filters.params()).set_index("member_code").reindex(info["member_code"])
    )
    last_reported = frame[frame["reported"] > 0].groupby("member_code")["period"].max()
    out = pd.DataFrame(
        {
            t(lang, "col.name"): info[i18n.name_column(lang)].to_numpy(),
            t(lang, "col.code"): info["member_code"].to_numpy(),
            t(lang, "col.region"): people[i18n.name_column(lang, "region_name")].to_numpy(),
            t(lang, "col.kind"): info["kind"].map(lambda k: t(lang, f"kind.{k}")).to_numpy(),
            t(lang, "col.cohort"): info["cohort"].to_numpy(),
            t(lang, "col.focal_point"): people[i18n.name_column(lang, "focal_point")].to_numpy(),
        }
    )
    if contacts:
        out[t(lang, "col.email")] = people["focal_point_email"].to_numpy()
        out[t(lang, "col.phone")] = people["focal_point_phone"].to_numpy()
    out[t(lang, "col.last_report")] = info["member_code"].map(last_reported).fillna("–").to_numpy()
    out[t(lang, "col.member_page")] = [links.member_page(base, lang, filters, c) for c in info["member_code"]]
    return out


def completeness_table(reader: Reader, filters: Filters, lang: str, today: date) -> pd.DataFrame:
    """Per member and quarter: values expected, reported and missing; the least complete members
    first, as on the heat map, which this table completes past its ``HEATMAP_ROWS`` rows."""
    frame = completeness(reader, filters, today)
    rank = {code: position for position, code in enumerate(least_complete_first(frame))}
    frame = frame.assign(_rank=frame["member_code"].map(rank)).sort_values(["_rank", "period"], kind="stable")
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
