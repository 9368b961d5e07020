"""The gender equality page: women's participation, the IEECAG bodies, sex-disaggregated results.

Every figure built from fewer than five people is suppressed (``mel.privacy``), on screen and in
downloads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from mel import charts, headline, i18n, vocabulary
from mel.db import Reader
from mel.filters import Filters
from mel.i18n import t
from mel.privacy import MIN_PEOPLE, parity_index, suppressed

EVENT_KINDS = vocabulary.EVENT_KINDS.codes
KIND_COLOURS = dict(zip(EVENT_KINDS, ["#1b5e7a", "#3c9a6b", "#e39b2d", "#8e5ba6"], strict=True))
PARITY_COLOUR = "#c62828"


# ---- women's participation ------------------------------------------------------------------------


def share_as_percent(shares: pd.Series) -> pd.Series:
    """Shares (0-1) as percentages with one decimal, for a table; a withheld cell stays as it is."""
    return shares.map(lambda v: round(v * 100, 1) if isinstance(v, float) else v)


def participation_by_member(
    reader: Reader, filters: Filters, today: date, event_kinds: tuple[str, ...] = EVENT_KINDS
) -> pd.DataFrame:
    """Per member as of ``today``: events, women, men, participants, women's share, and the population
    reference (the members and events that count are those of the headline figures)."""
    return reader.df("gender/participation_by_member", filters.params(today=today, event_kinds=list(event_kinds)))


def population_women_share(reader: Reader, filters: Filters) -> float | None:
    """The women's share of the filtered members' population (2024 census)."""
    value = reader.scalar("gender/population_women_share", filters.params())
    return None if value is None or pd.isna(value) else float(value)


@dataclass(frozen=True)
class ParticipationSummary:
    """Network-wide women's participation for the members in view."""

    women: int
    participants: int
    events: int
    population_women_share: float | None

    @property
    def women_share(self) -> float | None:
        """Women ÷ all participants (None below five participants)."""
        return self.women / self.participants if self.participants >= MIN_PEOPLE else None


def participation_summary(reader: Reader, filters: Filters, today: date) -> ParticipationSummary:
    """Totals over the filtered members: the headline figures, with the population reference."""
    figures = headline.headline(reader, filters, today)
    return ParticipationSummary(
        women=figures.women, participants=figures.participants, events=figures.events,
        population_women_share=population_women_share(reader, filters),
    )  # fmt: skip


def member_participation(reader: Reader, member: str, today: date) -> ParticipationSummary:
    """One member's totals as of ``today`` (whatever the filters)."""
    frame = participation_by_member(reader, Filters(), today)
    row = frame[frame["member_code"] == member]
    if row.empty:
        return ParticipationSummary(0, 0, 0, None)
    share = row["population_women_share"].iloc[0]
    return ParticipationSummary(
        women=int(row["women"].iloc[0]), participants=int(row["participants"].iloc[0]),
        events=int(row["events"].iloc[0]), population_women_share=None if pd.isna(share) else float(share),
    )  # fmt: skip


def participation_over_time(reader: Reader, filters: Filters, today: date) -> pd.DataFrame:
    """Women, participants and women's share per quarter and kind of event."""
    return reader.df("gender/participation_over_time", filters.params(today=today))


def over_time_figure(reader: Reader, filters: Filters, lang: str, today: date, title: str) -> go.Figure:
    """Women's share per quarter, one line per kind of event, with parity and the population reference."""
    frame = participation_over_time(reader, filters, today)
    frame = frame[frame["participants"] >= MIN_PEOPLE]
    fig = go.Figure()
    for kind in EVENT_KINDS:
        part = frame[frame["kind"] == kind]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(part["period_start"]), y=part["women_share"], mode="lines+markers",
                name=t(lang, f"event.{kind}"), line={"color": KIND_COLOURS[kind]},
                customdata=[i18n.quarter(lang, p) for p in part["period"]],
                hovertemplate="%{customdata}: %{y:.0%}<extra>" + t(lang, f"event.{kind}") + "</extra>",
            )
        )  # fmt: skip
    _references(fig, lang, population_women_share(reader, filters))
    fig.update_yaxes(range=[0, 1], tickformat=".0%")
    if not frame.empty:
        ticks, labels = charts.month_ticks(lang, pd.to_datetime(frame["period_start"]), 6, charts.HALF_WIDTH)
        fig.update_xaxes(tickvals=ticks, ticktext=labels)
    return charts.localise(fig, lang, title, 420, wrap=45)


def _references(fig: go.Figure, lang: str, population_share: float | None) -> None:
    """Parity (50 %) and the women's share of the population as lines across a chart whose shares
    run up the y axis, labelled above and below where reading starts (the right in Arabic)."""
    start = "right" if i18n.is_rtl(lang) else "left"
    fig.add_hline(y=0.5, line_dash="dash", line_color=PARITY_COLOUR,
                  annotation_text=t(lang, "gender.parity"), annotation_position=f"top {start}")  # fmt: skip
    if population_share is not None:
        fig.add_hline(
            y=population_share, line_dash="dot", line_color="#555555",
            annotation_text=t(lang, "gender.population_reference", share=i18n.percent(lang, population_share, 1)),
            annotation_position=f"bottom {start}",
        )  # fmt: skip


def by_event_kind(reader: Reader, filters: Filters, today: date) -> pd.DataFrame:
    """Women, participants and women's share per kind of event."""
    frame = participation_over_time(reader, filters, today)
    grouped = frame.groupby("kind", as_index=False)[["events", "women", "participants"]].sum()
    grouped["women_share"] = grouped["women"] / grouped["participants"]
    return grouped.set_index("kind").reindex(list(EVENT_KINDS)).dropna(how="all").reset_index()


def by_event_kind_figure(reader: Reader, filters: Filters, lang: str, today: date, title: str) -> go.Figure:
    """Women's share per kind of event, with the parity line."""
    frame = by_event_kind(reader, filters, today)
    frame = frame[frame["participants"] >= MIN_PEOPLE]
    labels = [t(lang, f"event.{k}") for k in frame["kind"]]
    fig = go.Figure(
        go.Bar(
            x=labels, y=frame["women_share"],
            marker={"color": [KIND_COLOURS[k] for k in frame["kind"]]},
            text=[i18n.percent(lang, v) for v in frame["women_share"]], textposition="auto",
            hovertemplate="%{x}: %{y:.0%}<extra></extra>",
        )
    )  # fmt: skip
    _references(fig, lang, population_women_share(reader, filters))
    fig.update_yaxes(range=[0, 1], tickformat=".0%")
    # the names wrapped to fit side by side, never slanted (the bars keep them whole, for the hover)
    fig.update_xaxes(tickvals=labels, ticktext=charts.wrap_labels(labels), tickfont={"size": 12}, tickangle=0)
    return charts.localise(fig, lang, title, 380, wrap=45)


def ranking_figure(
    reader: Reader, filters: Filters, lang: str, today: date, title: str, highlight: str | None = None
) -> go.Figure:
    """Members ranked by women's share of participants (members under five participants left out),
    each with the women's share of its population as a tick."""
    frame = participation_by_member(reader, filters, today)
    frame, total = charts.top_and_bottom(
        frame[frame["participants"] >= MIN_PEOPLE].sort_values("women_share", ascending=False)
    )
    labels = charts.member_labels(lang, frame)
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=frame["women_share"], y=labels, orientation="h", name=t(lang, "gender.women_share"),
            marker={"color": ["#c2185b" if c == highlight else "#8e5ba6" for c in frame["member_code"]]},
            hovertemplate="%{y}: %{x:.0%}<extra></extra>",
        )
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=frame["population_women_share"], y=labels, mode="markers", name=t(lang, "gender.population_share"),
            marker={"symbol": "line-ns-open", "size": 12, "color": "#111111", "line": {"width": 2}},
            hovertemplate="%{y}: %{x:.1%}<extra></extra>",
        )
    )  # fmt: skip
    fig.add_vline(x=0.5, line_dash="dash", line_color=PARITY_COLOUR)
    fig.update_xaxes(range=[0, 1], tickformat=".0%")
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont={"size": 12})
    charts.localise(fig, lang, title, max(360, 150 + 22 * len(frame)), wrap=70)
    charts.note_rows(fig, lang, len(frame), total)
    # A tall chart keeps its legend at the top, between the title (and its note) and the bars.
    fig.update_layout(legend={"y": 1.0, "yanchor": "bottom"}, margin={"t": fig.layout.margin.t + 30})
    return fig


def participation_table(reader: Reader, filters: Filters, lang: str, today: date) -> pd.DataFrame:
    """Per member, suppressed below five people: events, women, men, participants, shares."""
    frame = suppressed(
        participation_by_member(reader, filters, today), counts=["women", "men", "participants"],
        shares={"women_share": "participants"},
    )  # fmt: skip
    share = share_as_percent(frame["women_share"])
    return pd.DataFrame(
        {
            t(lang, "col.code"): frame["member_code"],
            t(lang, "col.name"): frame[i18n.name_column(lang)],
            t(lang, "col.kind"): frame["kind"].map(lambda k: t(lang, f"kind.{k}")),
            t(lang, "col.events"): frame["events"],
            t(lang, "col.women"): frame["women"],
            t(lang, "col.men"): frame["men"],
            t(lang, "col.participants"): frame["participants"],
            t(lang, "col.women_share"): share,
            t(lang, "col.population_women_share"): (frame["population_women_share"].astype(float) * 100).round(1),
        }
    )


# ---- the IEECAG -----------------------------------------------------------------------------------


def gender_bodies(reader: Reader, filters: Filters) -> pd.DataFrame:
    """Each member's IEECAG, latest record."""
    return reader.df("gender/bodies_by_member", filters.params())


@dataclass(frozen=True)
class BodiesSummary:
    """The network's IEECAG bodies in a few figures."""

    members: int
    with_body: int
    women_share_of_body_members: float | None
    opinions_issued: int
    opinions_acted_on: int
    took_part_in_co_creation: int

    @property
    def acted_on_share(self) -> float | None:
        """Opinions acted on ÷ opinions issued."""
        return self.opinions_acted_on / self.opinions_issued if self.opinions_issued else None


def bodies_summary(reader: Reader, filters: Filters) -> BodiesSummary:
    """Totals over the filtered members' bodies."""
    frame = gender_bodies(reader, filters)
    existing = frame[frame["exists_"].fillna(False).astype(bool)]
    women, total = existing["members_women"].sum(), existing["members_total"].sum()
    return BodiesSummary(
        members=len(frame), with_body=len(existing),
        women_share_of_body_members=float(women / total) if total >= MIN_PEOPLE else None,
        opinions_issued=int(existing["opinions_issued"].sum()),
        opinions_acted_on=int(existing["opinions_acted_on"].sum()),
        took_part_in_co_creation=int(existing["took_part_in_co_creation"].fillna(False).astype(bool).sum()),
    )  # fmt: skip


def bodies_table(reader: Reader, filters: Filters, lang: str) -> pd.DataFrame:
    """Each member's IEECAG in the user's language, counts of people suppressed below five."""
    frame = suppressed(gender_bodies(reader, filters), counts=["members_women", "members_men", "members_total"])
    yes_no = lambda v: "–" if v is None or pd.isna(v) else t(lang, "yes" if v else "no")  # noqa: E731
    return pd.DataFrame(
        {
            t(lang, "col.code"): frame["member_code"],
            t(lang, "col.name"): frame[i18n.name_column(lang)],
            t(lang, "col.ieecag_exists"): frame["exists_"].map(yes_no),
            t(lang, "col.created_on"): pd.to_datetime(frame["created_on"]).dt.date,
            t(lang, "col.women"): frame["members_women"],
            t(lang, "col.men"): frame["members_men"],
            t(lang, "col.meetings"): frame["meetings_held"],
            t(lang, "col.opinions_issued"): frame["opinions_issued"],
            t(lang, "col.acted_on_share"): (frame["acted_on_share"].astype(float) * 100).round(0),
            t(lang, "col.co_creation"): frame["took_part_in_co_creation"].map(yes_no),
            t(lang, "col.data"): frame["is_demo"].map(
                lambda d: "–" if d is None or pd.isna(d) else t(lang, "demo.badge" if d else "real.badge")
            ),
        }
    )


# ---- sex-disaggregated indicators -----------------------------------------------------------------


def sex_indicators(reader: Reader, filters: Filters) -> pd.DataFrame:
    """Per indicator recorded by sex and period: women, men, gap (women - men), parity index."""
    frame = reader.df("gender/sex_indicators", filters.params())
    frame["gap"] = frame["women"] - frame["men"]
    frame["parity_index"] = [parity_index(w, m) for w, m in zip(frame["women"], frame["men"], strict=True)]
    return frame


def sex_indicators_table(reader: Reader, filters: Filters, lang: str) -> pd.DataFrame:
    """The latest period of each indicator recorded by sex: women and men side by side, gap, parity."""
    frame = sex_indicators(reader, filters)
    latest = frame.sort_values("period_start").groupby("indicator_code").tail(1)
    names = reader.df("choices/indicator_names").set_index("code")[f"name_{lang}"]
    out = suppressed(latest, counts=["women", "men"])
    return pd.DataFrame(
        {
            t(lang, "col.indicator"): latest["indicator_code"].map(names),
            t(lang, "col.period"): latest["period"],
            t(lang, "col.women"): out["women"],
            t(lang, "col.men"): out["men"],
            t(lang, "col.gap"): latest["gap"].where(out["women"] != "< 5"),
            t(lang, "col.parity_index"): latest["parity_index"].astype(float).round(2),
            t(lang, "col.members_by_sex"): latest["members_by_sex"],
            t(lang, "col.members_reporting"): latest["members_reporting"],
        }
    )


def parity_trend_figure(reader: Reader, filters: Filters, lang: str, title: str) -> go.Figure:
    """The parity index (women ÷ men) of each indicator recorded by sex, per quarter; 1 = parity."""
    frame = sex_indicators(reader, filters).dropna(subset=["parity_index"])
    names = reader.df("choices/indicator_names").set_index("code")[f"name_{lang}"]
    fig = go.Figure()
    for code, part in frame.groupby("indicator_code"):
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(part["period_start"]), y=part["parity_index"], mode="lines+markers",
                name=names[code], customdata=[i18n.quarter(lang, p) for p in part["period"]],
                hovertemplate="%{customdata}: %{y:.2f}<extra>" + str(names[code]) + "</extra>",
            )
        )  # fmt: skip
    fig.add_hline(y=1, line_dash="dash", line_color=PARITY_COLOUR, annotation_text=t(lang, "gender.parity"))
    if not frame.empty:
        ticks, labels = charts.month_ticks(lang, pd.to_datetime(frame["period_start"]), every=6)
        fig.update_xaxes(tickvals=ticks, ticktext=labels)
    fig.update_yaxes(rangemode="tozero")  # the title names the index: an axis title would not fit the height
    return charts.localise(fig, lang, title, 400, wrap=90)


def sex_reporting_table(reader: Reader, filters: Filters, lang: str) -> pd.DataFrame:
    """Which members report by sex: values of sex-disaggregated indicators, and how many with a split."""
    frame = reader.df("gender/sex_reporting_members", filters.params())
    share = frame["values_by_sex"] / frame["values_reported"].where(frame["values_reported"] > 0)
    return pd.DataFrame(
        {
            t(lang, "col.code"): frame["member_code"],
            t(lang, "col.name"): frame[i18n.name_column(lang)],
            t(lang, "col.kind"): frame["kind"].map(lambda k: t(lang, f"kind.{k}")),
            t(lang, "col.values_reported"): frame["values_reported"],
            t(lang, "col.values_by_sex"): frame["values_by_sex"],
            t(lang, "col.by_sex_share"): (share * 100).round(0),
        }
    )
