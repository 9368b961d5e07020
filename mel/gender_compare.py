"""Women's share of participants compared across groups of members: by cohort, by region or by kind.

The groups split the gender page's headline participants (the same members and events, as of
``today``), so they add up to it; a group of fewer than five participants is left out of the chart
and shown as "< 5" in the table (``mel.privacy``).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from mel import charts, i18n, vocabulary
from mel.db import Reader
from mel.filters import Filters
from mel.gender import PARITY_COLOUR, population_women_share, share_as_percent
from mel.i18n import t
from mel.privacy import MIN_PEOPLE, suppressed

GROUPS = ("cohort", "region", "kind")
BAR_COLOUR = "#8e5ba6"
POPULATION_COLOUR = "#555555"


def participation_by_group(reader: Reader, filters: Filters, today: date, by: str) -> pd.DataFrame:
    """Per group of the members in view (``by``: cohort, region or kind), as of ``today``: members,
    events, women, men, participants, women's share and the women's share of the group's population
    (2024 census); ``group_code`` is the cohort's number, the region's HCP code or the kind's code.

    Groups come in their natural order: cohorts by number, regions by code, kinds as the vocabulary
    lists them.
    """
    if by not in GROUPS:
        raise ValueError(f"by must be one of {GROUPS}")
    params = filters.params(today=today, grouping=by, event_kinds=list(vocabulary.EVENT_KINDS.codes))
    frame = reader.df("gender/participation_by_group", params)
    counts = ["members", "events", "women", "men", "participants"]
    frame[counts] = frame[counts].astype("int64")  # DuckDB's sums arrive as floats
    if by == "cohort":
        order = frame["group_code"].astype(int)
    elif by == "kind":
        order = frame["group_code"].map({code: i for i, code in enumerate(vocabulary.KINDS.codes)})
    else:
        order = frame["group_code"]
    return frame.assign(_order=order).sort_values("_order").drop(columns="_order").reset_index(drop=True)


def group_labels(frame: pd.DataFrame, lang: str, by: str) -> list[str]:
    """Each group's name in ``lang``: "Cohort 4", the region's name, "Communes"."""
    if by == "cohort":
        return [t(lang, "cohort.label", n=int(code)) for code in frame["group_code"]]
    if by == "kind":
        return [t(lang, f"kind.{code}.plural") for code in frame["group_code"]]
    return [str(name) for name in frame[i18n.name_column(lang, "region_name")]]


def comparison_figure(reader: Reader, filters: Filters, lang: str, today: date, by: str) -> go.Figure:
    """Women's share of participants per group as horizontal bars, with parity (50 %) and the
    women's share of the population in view as reference lines named in the legend."""
    frame = participation_by_group(reader, filters, today, by)
    frame = frame[frame["participants"] >= MIN_PEOPLE]
    labels = group_labels(frame, lang, by)
    shares = frame["women_share"].astype(float)
    fig = go.Figure(
        go.Bar(
            x=shares, y=labels, orientation="h", marker={"color": BAR_COLOUR}, showlegend=False,
            text=[i18n.percent(lang, v) for v in shares], textposition="auto",
            customdata=[i18n.number(lang, n) for n in frame["participants"]],
            hovertemplate="%{y}: %{text}<br>" + t(lang, "col.participants") + ": %{customdata}<extra></extra>",
        )
    )  # fmt: skip
    # The two reference lines often nearly coincide (about half the population is women): named in
    # the legend rather than by labels on the plot, which would be drawn over each other.
    population = population_women_share(reader, filters)
    references = [(0.5, t(lang, "gender.parity"), PARITY_COLOUR, "dash")]
    if population is not None:
        name = t(lang, "gender.population_reference", share=i18n.percent(lang, population, 1))
        references.append((population, name, POPULATION_COLOUR, "dot"))
    for value, name, colour, dash in references:
        fig.add_vline(x=value, line_dash=dash, line_color=colour, line_width=2)
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=name,
                                 line={"color": colour, "dash": dash, "width": 2}))  # fmt: skip
    fig.update_xaxes(range=[0, 1.02], tickformat=".0%", dtick=0.25)  # room for the 100 % tick
    fig.update_yaxes(autorange="reversed", automargin=True)
    title = t(lang, f"gender.compare_title.{by}")
    return charts.localise(fig, lang, title, max(300, 150 + 30 * len(frame)), wrap=70)


def comparison_table(reader: Reader, filters: Filters, lang: str, today: date, by: str) -> pd.DataFrame:
    """The groups in the user's language: members, events, participants, women, men and shares,
    counts of one to four people and shares of fewer than five shown as "< 5"."""
    frame = participation_by_group(reader, filters, today, by)
    shown = suppressed(frame, counts=["women", "men", "participants"], shares={"women_share": "participants"})
    share = share_as_percent(shown["women_share"])
    return pd.DataFrame(
        {
            t(lang, f"col.{by}"): group_labels(frame, lang, by),
            t(lang, "col.members"): frame["members"],
            t(lang, "col.events"): frame["events"],
            t(lang, "col.participants"): shown["participants"],
            t(lang, "col.women"): shown["women"],
            t(lang, "col.men"): shown["men"],
            t(lang, "col.women_share"): share,
            t(lang, "col.population_women_share"): (frame["population_women_share"].astype(float) * 100).round(1),
        }
    )
