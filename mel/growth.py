"""The Network growth page: growth, coverage, the map, the members list, joining to a plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from mel import charts, facts, geo, i18n, queries
from mel.db import Reader
from mel.filters import Filters
from mel.i18n import t

MAP_METRICS = ("members", "population_share", "collectivities_share")


def coverage(reader: Reader, filters: Filters, today: date) -> pd.DataFrame:
    """Per region: collectivities and members by kind, population and population in member communes."""
    return reader.df("growth/coverage_by_region", filters.params(today=today))


@dataclass(frozen=True)
class NationalCoverage:
    """Coverage of the whole country by the members in view."""

    members: int
    collectivities_total: int
    communes: int
    communes_total: int
    population_covered: int
    population_total: int

    @property
    def population_share(self) -> float:
        """Share of Morocco's population living in a member commune."""
        return self.population_covered / self.population_total if self.population_total else 0.0

    @property
    def collectivities_share(self) -> float:
        """Share of Morocco's collectivities that are members."""
        return self.members / self.collectivities_total if self.collectivities_total else 0.0


def national_coverage(reader: Reader, filters: Filters, today: date) -> NationalCoverage:
    """The national totals of the per-region coverage."""
    frame = coverage(reader, filters, today)
    return NationalCoverage(
        members=int(frame["members"].sum()),
        collectivities_total=int(frame["collectivities_total"].sum()),
        communes=int(frame["commune_members"].sum()),
        communes_total=int(frame["communes_total"].sum()),
        population_covered=int(frame["population_covered"].sum()),
        population_total=int(frame["population_total"].sum()),
    )


def coverage_table(reader: Reader, filters: Filters, lang: str, today: date) -> pd.DataFrame:
    """The coverage per region, with headers in the user's language."""
    frame = coverage(reader, filters, today)
    return pd.DataFrame(
        {
            t(lang, "col.region"): frame[i18n.name_column(lang)],
            t(lang, "col.members"): frame["members"],
            t(lang, "col.collectivities"): frame["collectivities_total"],
            t(lang, "col.collectivities_share"): (frame["collectivities_share"] * 100).round(1),
            t(lang, "col.member_communes"): frame["commune_members"],
            t(lang, "col.communes_total"): frame["communes_total"],
            t(lang, "col.population_covered"): frame["population_covered"].astype("int64"),
            t(lang, "col.population_total"): frame["population_total"].astype("int64"),
            t(lang, "col.population_share"): (frame["population_share"] * 100).round(1),
        }
    )


def map_figure(
    reader: Reader, filters: Filters, lang: str, today: date, metric: str = "members", selected: str | None = None
) -> go.Figure:
    """The 12 regions coloured by members or coverage, with the figures on hover."""
    if metric not in MAP_METRICS:
        raise ValueError(f"metric must be one of {MAP_METRICS}")
    frame = coverage(reader, filters, today)
    outlines = geo.region_outlines()
    centroids = {code: geo.centroid(points) for code, points in outlines.items()}
    names = frame[i18n.name_column(lang)]
    hover = [
        "<b>{}</b><br>{}".format(
            name,
            t(lang, "growth.map_hover", members=i18n.number(lang, r.members),
              collectivities=i18n.number(lang, r.collectivities_total),
              share=i18n.percent(lang, r.population_share, 1)),
        )
        for name, r in zip(names, frame.itertuples(), strict=True)
    ]  # fmt: skip
    if metric == "members":
        labels = [i18n.number(lang, v) for v in frame["members"]]
    else:
        labels = [i18n.percent(lang, v) for v in frame[metric]]
    return charts.region_map(
        frame, outlines, centroids, metric, labels, hover, lang,
        t(lang, f"growth.map_title.{metric}"), t(lang, f"growth.map_metric.{metric}"), selected,
        tick_format="" if metric == "members" else ".0%",
    )  # fmt: skip


def growth_figure(reader: Reader, filters: Filters, lang: str, today: date, by: str = "kind") -> go.Figure:
    """Members at each month's end since the network was created, by kind or cohort, full size."""
    wide = queries.growth_by(queries.growth_monthly(reader, filters, today), by)
    title = t(lang, f"growth.chart_title_by_{by}")
    return charts.growth_chart(
        wide, by, lang, facts.counts_frame(reader), title, height=440, wrap=100, width=charts.FULL_WIDTH
    )


def members_frame(reader: Reader, filters: Filters, today: date) -> pd.DataFrame:
    """The current members with their latest plan's status (raw columns)."""
    return reader.df("growth/members_table", filters.params(today=today))


def members_table(reader: Reader, filters: Filters, lang: str, today: date, search: str = "") -> pd.DataFrame:
    """The members list in the user's language, narrowed by a search on name or code."""
    frame = members_frame(reader, filters, today)
    name = frame[i18n.name_column(lang)]
    if search.strip():
        needle = search.strip().lower()
        mask = (
            frame["name_fr"].str.lower().str.contains(needle, regex=False)
            | frame["name_ar"].str.contains(needle, regex=False)
            | frame["member_code"].str.startswith(needle)
        )
        frame, name = frame[mask], name[mask]
    region = frame[i18n.name_column(lang, "region_name")]
    province = frame[i18n.name_column(lang, "province_name")]
    ogp = frame["ogp_local_since"].map(
        lambda d: t(lang, "growth.ogp_since", year=pd.Timestamp(d).year) if pd.notna(d) else ""
    )
    return pd.DataFrame(
        {
            t(lang, "col.code"): frame["member_code"],
            t(lang, "col.name"): name,
            t(lang, "col.kind"): frame["kind"].map(lambda k: t(lang, f"kind.{k}")),
            t(lang, "col.region"): region,
            t(lang, "col.province"): province.fillna(""),
            t(lang, "col.cohort"): frame["cohort"],
            t(lang, "col.joined_on"): pd.to_datetime(frame["joined_on"]).dt.date,
            t(lang, "col.plan_status"): frame["plan_status"].map(
                lambda s: t(lang, f"plan_status.{s}") if isinstance(s, str) else t(lang, "plan_status.none")
            ),
            t(lang, "col.ogp_local"): ogp,
            t(lang, "col.data"): [
                t(lang, "demo.badge") if demo else t(lang, "real.badge_estimated" if estimated else "real.badge")
                for demo, estimated in zip(frame["is_demo"], frame["dates_estimated"], strict=True)
            ],
            t(lang, "col.fact_source"): frame["source"].fillna(""),
        }
    )


def plan_timing(reader: Reader, filters: Filters, lang: str, today: date) -> pd.DataFrame:
    """Per cohort: median days from joining to co-creation and to adoption; members without an adopted plan."""
    frame = reader.df("growth/plan_timing", filters.params(today=today))
    return pd.DataFrame(
        {
            t(lang, "col.cohort"): frame["cohort"].map(lambda n: t(lang, "cohort.label", n=int(n))),
            t(lang, "col.members"): frame["members"],
            t(lang, "col.days_to_co_creation"): frame["median_days_to_co_creation"].round(0),
            t(lang, "col.days_to_adoption"): frame["median_days_to_adoption"].round(0),
            t(lang, "col.without_adopted_plan"): frame["without_adopted_plan"],
        }
    )
