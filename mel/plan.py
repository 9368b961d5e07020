"""A member's action plan: header, projects, milestones, indicator tracking, comparison, changes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from mel import charts, i18n, vocabulary
from mel.db import Reader
from mel.i18n import t
from mel.imports import plan_store, plans
from mel.metrics import is_stale, rag_as_shown

UPCOMING_DAYS = 90
RAG_MARK = vocabulary.RAG_ICONS  # a shape beside the word, not a colour alone


def member_options(reader: Reader, today: date) -> pd.DataFrame:
    """Every current member (code, names, kind), for the picker."""
    return reader.df("choices/members", {"today": today})


def member_label(row: Any, lang: str) -> str:
    """A member as shown in the picker: name in the language, kind and code."""
    name = row[i18n.name_column(lang)]
    kind = t(lang, f"kind.{row['kind']}")
    return f"{name} · {kind} · {row['member_code']}"


def plan_header(reader: Reader, member: str, cycle: int | None = None) -> dict[str, Any] | None:
    """The member and its latest plan (or the plan of ``cycle``), or None for an unknown code."""
    frame = reader.df("plan/header", {"member": member, "cycle": cycle})
    if frame.empty:
        return None
    row = frame.iloc[0].to_dict()
    return {k: (None if not isinstance(v, (list, str)) and pd.isna(v) else v) for k, v in row.items()}


def cycles(reader: Reader, member: str) -> list[int]:
    """The cycles of the member's programme that have a plan, latest first."""
    return [int(c) for c in reader.df("plan/cycles", {"member": member})["cycle"]]


def plan_versions(reader: Reader, plan_id: int, lang: str) -> pd.DataFrame:
    """Every version of a plan, newest first: when, who, the file, and what the version did."""
    frame = reader.df("plan/versions", {"plan": plan_id})

    def what(row: Any) -> str:
        if row.withdrawn:
            return t(lang, "plan.version.withdrawn")
        if pd.notna(row.copied_from):
            return t(lang, "plan.version.restored", version=int(row.copied_from))
        return t(lang, "plan.version.imported")

    return pd.DataFrame(
        {
            "version": frame["version"],
            "recorded_at": frame["recorded_at"],
            "recorded_by": frame["recorded_by"].map(
                lambda who: t(lang, f"plan.author.{who}") if who in ("system", "demo") else who
            ),
            "file_name": frame["file_name"].fillna("–"),
            "change": [what(r) for r in frame.itertuples()],
        }
    )


def version_changes(reader: Reader, plan_id: int, version: int, lang: str) -> pd.DataFrame:
    """What ``version`` of a plan changed from the version before it, project by project."""
    cur = reader.cursor()
    try:
        new, old = plan_store.load_version(cur, plan_id, version), plan_store.load_version(cur, plan_id, version - 1)
    finally:
        cur.close()
    if new is None:
        return pd.DataFrame(columns=["part", "key", "change", "field", "old", "new"])
    rows = plan_store.changes(new, plan_store.as_recorded(old) if old is not None else plan_store.Recorded())
    rows = rows[rows["field"] != "done_on"]  # done dates are milestone updates, with their own history
    return plans.changes_shown(rows, lang)


def plan_axes(reader: Reader, plan_id: int, lang: str) -> pd.DataFrame:
    """The plan's axes with their principles named in the language."""
    frame = reader.df("plan/axes", {"plan_id": plan_id})
    return pd.DataFrame(
        {
            t(lang, "col.axis"): frame[f"title_{lang}"],
            t(lang, "col.principles"): frame["principles"].map(
                lambda ps: " · ".join(t(lang, f"principle.{p}") for p in ps)
            ),
        }
    )


def projects(reader: Reader, plan_id: int, today: date) -> pd.DataFrame:
    """The plan's projects (raw columns) with progress and lateness as of ``today``."""
    return reader.df("plan/projects", {"plan_id": plan_id, "today": today})


def projects_table(reader: Reader, plan_id: int, lang: str, today: date) -> pd.DataFrame:
    """The projects in the user's language; late ones say so in their status."""
    frame = projects(reader, plan_id, today)

    def status(row: Any) -> str:
        text = t(lang, f"project_status.{row.status}")
        return f"⚠ {t(lang, 'project_status.late')}" if row.is_late else text

    def scale(kind: str, value: Any) -> str:
        return t(lang, f"{kind}.{value}") if isinstance(value, str) else "–"

    return pd.DataFrame(
        {
            t(lang, "col.project"): frame[f"title_{lang}"],
            t(lang, "col.axis"): frame[f"axis_{lang}"],
            t(lang, "col.status"): [status(r) for r in frame.itertuples()],
            t(lang, "col.progress"): (frame["progress"].astype(float) * 100).round(0),
            t(lang, "col.milestones"): [
                t(lang, "fraction", part=int(d), whole=int(n))
                for d, n in zip(frame["milestones_done"], frame["milestones_total"], strict=True)
            ],
            t(lang, "col.budget"): frame["budget_mad"].astype(float),
            t(lang, "col.start"): pd.to_datetime(frame["start_on"]).dt.date,
            t(lang, "col.end"): pd.to_datetime(frame["end_on"]).dt.date,
            t(lang, "col.completion"): frame["completion"].map(lambda v: scale("completion", v)),
            t(lang, "col.opened_government"): frame["opened_government"].map(lambda v: scale("opened", v)),
            t(lang, "col.verifiable"): frame["verifiable"].map(
                lambda v: "–" if v is None or pd.isna(v) else t(lang, "yes" if v else "no")
            ),
            t(lang, "col.relevance"): frame["relevance"].map(
                lambda v: (
                    " · ".join(t(lang, f"relevance.{x}") for x in str(v).split(",")) if isinstance(v, str) else "–"
                )
            ),
        }
    )


def milestone_state(due_on: date, done_on: date | None, today: date) -> str:
    """``done`` / ``done_late`` / ``late`` / ``upcoming`` (due within 90 days) / ``planned``."""
    if done_on is not None:
        return "done_late" if done_on > due_on else "done"
    if due_on < today:
        return "late"
    if due_on <= today + timedelta(days=UPCOMING_DAYS):
        return "upcoming"
    return "planned"


MILESTONE_COLOURS = {
    "done": "#2e7d32", "done_late": "#7cb342", "late": "#c62828", "upcoming": "#f0a202", "planned": "#9e9e9e",
}  # fmt: skip


def gantt_figure(reader: Reader, plan_id: int, lang: str, today: date) -> go.Figure:
    """Projects as bars from start to end, milestones as diamonds coloured by state, a line for today."""
    frame = reader.df("plan/milestones", {"plan_id": plan_id})
    fig = go.Figure()
    if frame.empty:
        return charts.localise(fig, lang, t(lang, "plan.gantt_title"))
    projects_frame = frame.drop_duplicates("project_id")
    labels = {
        pid: _short(title)
        for pid, title in zip(projects_frame["project_id"], projects_frame[f"project_{lang}"], strict=True)
    }
    for row in projects_frame.itertuples():
        start, end = pd.Timestamp(row.project_start), pd.Timestamp(row.project_end)
        fig.add_trace(
            go.Bar(
                x=[(end - start).total_seconds() * 1000], base=[start], y=[labels[row.project_id]], orientation="h",
                marker={"color": "rgba(27,94,122,0.25)", "line": {"color": "#1b5e7a", "width": 1}},
                hovertemplate=f"{getattr(row, f'project_{lang}')}<br>"
                f"{i18n.day(lang, start.date())} – {i18n.day(lang, end.date())}<extra></extra>",
                showlegend=False,
            )
        )  # fmt: skip
    frame["state"] = [
        milestone_state(pd.Timestamp(d).date(), None if pd.isna(x) else pd.Timestamp(x).date(), today)
        for d, x in zip(frame["due_on"], frame["done_on"], strict=True)
    ]
    for state, colour in MILESTONE_COLOURS.items():
        part = frame[frame["state"] == state]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(part["due_on"]), y=[labels[p] for p in part["project_id"]], mode="markers",
                marker={"symbol": "diamond", "size": 13, "color": colour, "line": {"color": "white", "width": 1}},
                name=t(lang, f"milestone_state.{state}"),
                text=[f"{title}<br>{t(lang, 'col.due')}: {i18n.day(lang, pd.Timestamp(d).date())}"
                      for title, d in zip(part[f"title_{lang}"], part["due_on"], strict=True)],
                hovertemplate="%{text}<extra></extra>",
            )
        )  # fmt: skip
    # month names in the user's language (plotly's own date ticks are English)
    span = pd.date_range(
        pd.Timestamp(projects_frame["project_start"].min()).to_period("M").start_time,
        max(pd.Timestamp(projects_frame["project_end"].max()), pd.Timestamp(today)) + pd.offsets.MonthEnd(1), freq="MS",
    )  # fmt: skip
    ticks, tick_labels = charts.month_ticks(lang, pd.Series(span), every=6)
    fig.update_xaxes(type="date", tickvals=ticks, ticktext=tick_labels)
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_layout(barmode="overlay")
    height = 140 + 46 * len(projects_frame)
    charts.localise(fig, lang, t(lang, "plan.gantt_title"), height, wrap=90)
    charts.today_line(fig, today, lang)
    return fig


def _short(text: str, width: int = 42) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def indicator_tracking(reader: Reader, member: str, today: date) -> pd.DataFrame:
    """Every indicator of the framework and the plan for one member (raw), with RAG and staleness."""
    frame = reader.df("plan/indicator_tracking", {"member": member, "today": today})
    # the colour of the percentage the table shows beside it (``achieved``, to the whole percent)
    frame["rag"] = [rag_as_shown(None if pd.isna(a) else float(a)) for a in frame["achievement"]]
    frame["stale"] = [is_stale(p if isinstance(p, str) else None, today) for p in frame["latest_period"]]
    return frame


def indicator_table(reader: Reader, member: str, lang: str, today: date) -> pd.DataFrame:
    """The indicator tracking table in the user's language (the M&E heart of the page)."""
    frame = indicator_tracking(reader, member, today)
    unit = frame["unit"].map(lambda u: t(lang, f"unit.{u}"))
    status = [
        f"{RAG_MARK[r]} {t(lang, f'rag.{r}')}" + (f" · {t(lang, 'plan.stale')}" if s else "")
        for r, s in zip(frame["rag"], frame["stale"], strict=True)
    ]
    return pd.DataFrame(
        {
            t(lang, "col.indicator_code"): frame["code"],
            t(lang, "col.indicator"): frame[f"name_{lang}"],
            t(lang, "col.principle"): frame["principle"].map(lambda p: t(lang, f"principle.{p}")),
            t(lang, "col.unit"): unit,
            t(lang, "col.direction"): frame["direction"].map(lambda d: t(lang, f"direction.{d}")),
            t(lang, "col.baseline"): frame["baseline_value"],
            t(lang, "col.target"): frame["target_value"],
            t(lang, "col.latest"): frame["latest_value"],
            t(lang, "col.period"): [
                (f"{period} · {t(lang, 'plan.not_approved')}" if draft else period) if isinstance(period, str) else "–"
                for period, draft in zip(frame["latest_period"], frame["latest_is_draft"], strict=True)
            ],
            t(lang, "col.achieved"): (frame["achievement"].astype(float) * 100).round(0),
            t(lang, "col.rag"): status,
            # a list of values per indicator; no value at all comes back as a missing float
            t(lang, "col.trend"): frame["history"].map(lambda h: list(h) if hasattr(h, "__len__") else []),
            t(lang, "col.women"): frame["women"],
            t(lang, "col.men"): frame["men"],
            t(lang, "col.target_set_by"): frame["target_set_by"].map(lambda v: t(lang, f"target_set_by.{v}")),
        }
    )


def indicator_definitions(reader: Reader, member: str, lang: str, today: date) -> pd.DataFrame:
    """How each indicator is computed and where its latest value came from."""
    frame = indicator_tracking(reader, member, today)
    return pd.DataFrame(
        {
            t(lang, "col.indicator_code"): frame["code"],
            t(lang, "col.indicator"): frame[f"name_{lang}"],
            t(lang, "col.numerator"): frame[f"numerator_{lang}"],
            t(lang, "col.denominator"): frame[f"denominator_{lang}"],
            t(lang, "col.baseline_on"): pd.to_datetime(frame["baseline_on"]).dt.date,
            t(lang, "col.target_on"): pd.to_datetime(frame["target_on"]).dt.date,
            t(lang, "col.latest_source"): frame["source"].fillna("–"),
            t(lang, "col.recorded_by"): frame["recorded_by"].fillna("–"),
            t(lang, "col.recorded_at"): pd.to_datetime(frame["recorded_at"]).dt.date,
        }
    )


def comparison(reader: Reader, member: str, today: date) -> pd.DataFrame:
    """For each common indicator: the member's latest value against the network's quartiles."""
    frame = reader.df("plan/network_comparison", {"member": member, "today": today})
    others = (frame["members_reporting"] - 1).clip(lower=1)
    frame["better_than_share"] = (frame["better_than"] / others).where(frame["member_value"].notna())
    return frame


def comparison_table(reader: Reader, member: str, lang: str, today: date) -> pd.DataFrame:
    """The comparison with the network, in the user's language."""
    frame = comparison(reader, member, today)
    names = _indicator_names(reader, lang)
    return pd.DataFrame(
        {
            t(lang, "col.indicator"): frame["indicator_code"].map(names),
            t(lang, "col.member_value"): frame["member_value"],
            t(lang, "col.q1"): frame["q1"].round(1),
            t(lang, "col.median"): frame["median"].round(1),
            t(lang, "col.q3"): frame["q3"].round(1),
            t(lang, "col.kind_median"): frame["kind_median"].round(1),
            t(lang, "col.region_median"): frame["region_median"].round(1),
            t(lang, "col.better_than"): (frame["better_than_share"] * 100).round(0),
            t(lang, "col.members_reporting"): frame["members_reporting"],
        }
    )


def _indicator_names(reader: Reader, lang: str) -> dict[str, str]:
    frame = reader.df("choices/indicator_names")
    return dict(zip(frame["code"], frame[f"name_{lang}"], strict=True))


def comparison_figure(reader: Reader, member: str, lang: str, today: date) -> go.Figure:
    """Progress towards target: the network's middle half (bar), its median (tick), this member (dot)."""
    frame = comparison(reader, member, today)
    names = _indicator_names(reader, lang)
    y = [_short(names[c], 38) for c in frame["indicator_code"]]
    q1, q3 = frame["a_q1"].astype(float), frame["a_q3"].astype(float)
    mine = frame["member_achievement"].astype(float)
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=q3 - q1, base=q1, y=y, orientation="h",
            marker={"color": "rgba(27,94,122,0.25)"}, name=t(lang, "plan.network_middle_half"),
            hovertemplate="%{y}<extra></extra>",
        )
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(x=frame["a_median"].astype(float), y=y, mode="markers", name=t(lang, "plan.network_median"),
                   marker={"symbol": "line-ns-open", "size": 18, "color": "#1b5e7a", "line": {"width": 3}})
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=mine, y=y, mode="markers", name=t(lang, "plan.this_member"),
            marker={"size": 12, "color": [vocabulary.RAG_COLOURS[rag_as_shown(a)] for a in mine],
                    "symbol": [vocabulary.RAG_SYMBOLS[rag_as_shown(a)] for a in mine],
                    "line": {"color": "#111111", "width": 1}},
            text=[i18n.percent(lang, a) for a in mine], hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )  # fmt: skip
    # The axis runs from 0 to 100 % (the target) and on to wherever the data go, past the target or
    # below the baseline: no member or quartile is cut at the edge.
    values = pd.concat([q1, q3, frame["a_median"].astype(float), mine]).dropna()
    low, high = min([0.0, *values]), max([1.0, *values])
    pad = 0.04 * (high - low)
    fig.update_xaxes(range=[low - pad, high + pad], tickformat=".0%", title={"text": t(lang, "chart.achievement")})
    fig.update_yaxes(autorange="reversed", automargin=True)
    return charts.localise(fig, lang, t(lang, "plan.comparison_title"), 140 + 34 * len(frame), wrap=90)


def changes(reader: Reader, member: str, since: date, today: date) -> pd.DataFrame:
    """Milestones done, values reported and new delays since ``since``; milestones due in 90 days."""
    return reader.df("plan/changes_since", {"member": member, "since": since, "today": today})


def changes_tables(reader: Reader, member: str, lang: str, since: date, today: date) -> dict[str, pd.DataFrame]:
    """The changes grouped by kind, each a small table in the user's language."""
    frame = changes(reader, member, since, today)
    out = {}
    for change in ("milestone_done", "value_reported", "new_delay", "due_next"):
        part = frame[frame["change"] == change]
        table = {
            t(lang, "col.date"): pd.to_datetime(part["on_date"]).dt.date,
            t(lang, "col.indicator" if change == "value_reported" else "col.milestone"): part[f"title_{lang}"],
        }
        if change == "value_reported":
            table[t(lang, "col.period")] = part["period"]
            table[t(lang, "col.value")] = part["value"]
        else:
            table[t(lang, "col.project")] = part[f"project_{lang}"]
        out[change] = pd.DataFrame(table)
    return out
