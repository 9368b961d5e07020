"""OGP Local members and OGP commitments on local open government, in members' plans and Morocco's.

The facts come from ``data/ogp_local.csv``, ``data/ogp_commitments.csv`` and ``data/ogp_progress.csv``:
OGP's IDs, titles, dates and links, never OGP's own texts (no licence is stated for them): each
commitment links to its page on opengovpartnership.org. French and Arabic titles are translations
of OGP's English ones (``title_translated`` says which).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from babel.dates import format_date

from mel import i18n, sql
from mel.db import Reader, insert_frame
from mel.facts import read
from mel.filters import Filters
from mel.i18n import t
from mel.paths import DATA_DIR

# The commitments table's columns, in order (headers are ``ogp.col.NAME`` in the language).
COMMITMENT_COLUMNS = (
    "commitment", "title", "member", "action_plan", "start", "end",
    "ogp_values", "lead_institution", "remacto_member", "link",
)  # fmt: skip
OGP_FILES = ("ogp_local.csv", "ogp_commitments.csv", "ogp_progress.csv")
PACTO_COMMITMENT = "MO0065"  # the national commitment that is the network's own programme


# ---- loading --------------------------------------------------------------------------------------


def _flag(column: pd.Series) -> pd.Series:
    return column.str.strip().str.lower() == "true"


def _list(column: pd.Series) -> pd.Series:
    """``a;b`` as a list; an empty cell as NULL (not known), never an invented value."""
    return column.map(lambda text: [part.strip() for part in text.split(";") if part.strip()] or None)


def _dates(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column.replace("", None)).dt.date.astype(object).where(column != "", None)


def _blank_to_null(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    for column in columns:
        frame[column] = frame[column].replace("", None)
    return frame


def ogp_local(folder: Path = DATA_DIR) -> pd.DataFrame:
    """The OGP Local members from Morocco: since when (as precise as the source), their action plans."""
    frame = read("ogp_local.csv", folder)
    frame["member_since"] = _dates(frame["member_since"])
    frame["date_estimated"] = _flag(frame["date_estimated"])
    frame["joint_plan"] = _flag(frame["joint_plan"])
    frame["plans"] = _list(frame["plans"])
    return _blank_to_null(frame, ["ogp_page_url", "source_url"])


def commitments(folder: Path = DATA_DIR) -> pd.DataFrame:
    """OGP commitments on local open government: the members' own and the national ones."""
    frame = read("ogp_commitments.csv", folder)
    for column in ("start_on", "end_on"):
        frame[column] = _dates(frame[column])
    frame["dates_estimated"] = _flag(frame["dates_estimated"])
    frame["title_translated"] = _list(frame["title_translated"]).map(lambda v: v or [])
    frame["ogp_values"] = _list(frame["ogp_values"])
    nullable = ["collectivity_code", "date_precision", "lead_institution", "lead_institution_fr", "lead_institution_ar"]
    return _blank_to_null(frame, nullable)


def progress(folder: Path = DATA_DIR) -> pd.DataFrame:
    """Published figures of the national plan's progress (press reports are flagged ``is_press``)."""
    frame = read("ogp_progress.csv", folder)
    frame["progress"] = frame["progress"].astype(float)
    frame["as_of"] = _dates(frame["as_of"])
    frame["is_press"] = _flag(frame["is_press"])
    return _blank_to_null(frame, ["commitment_id", "source_url"])


def load(con: duckdb.DuckDBPyConnection, folder: Path = DATA_DIR) -> int:
    """Replace the OGP facts with the files' (reference facts, not user data); the commitments loaded."""
    con.execute(sql.load("ogp/ogp_write:clear"))
    insert_frame(con, "ogp_local", ogp_local(folder))
    insert_frame(con, "ogp_progress", progress(folder))
    return insert_frame(con, "ogp_commitments", commitments(folder))


# ---- shown as text --------------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _items(value: Any) -> list[str]:
    """A list column's value (a list or an array; NULL when not known) as a list of text."""
    return [] if _missing(value) else [str(v) for v in value]


def _as_date(value: Any) -> date | None:
    return None if _missing(value) else pd.Timestamp(value).date()


def _text(value: Any) -> str | None:
    return None if _missing(value) else str(value)


def when(lang: str, day: date, precision: str) -> str:
    """A date as precise as its source: the year, the month in full and the year (``juin 2027``,
    not the ambiguous ``jui. 2027``), or the day."""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return format_date(day, "MMMM y", locale=i18n.LOCALES[lang])
    return i18n.day(lang, day)


def plan_text(lang: str, plan: str) -> str:
    """An action plan's years (``2024-2027``) for a sentence: in Arabic, isolated left to right (else
    the two years are shown in reverse order after Arabic words) and never broken at the hyphen."""
    if not i18n.is_rtl(lang):
        return plan
    return "\u2066" + plan.replace("-", "\u2060-\u2060") + "\u2069"


def since_text(lang: str, since: date, precision: str, estimated: bool) -> str:
    """When a member joined OGP Local, as month and year (or the year alone), flagged if estimated."""
    text = when(lang, since, "year" if precision == "year" else "month")
    return t(lang, "ogp.estimated", when=text) if estimated else text


def period_text(lang: str, start: Any, end: Any, precision: Any) -> tuple[str, str]:
    """A commitment's start and end as precise as OGP gives them (month and year); empty when unknown."""
    shown = precision if isinstance(precision, str) else "month"
    first, last = _as_date(start), _as_date(end)
    return (
        "" if first is None else when(lang, first, shown),
        "" if last is None else when(lang, last, shown),
    )


def lead_institution(row: pd.Series, lang: str) -> str:
    """The lead institution in the language, else OGP's English name, else empty."""
    own = row["lead_institution"] if lang == "en" else row[f"lead_institution_{lang}"]
    return _text(own) or _text(row["lead_institution"]) or ""


def values_text(values: Any, lang: str) -> str:
    """OGP values (codes) in the language; empty when none is stored."""
    return ", ".join(t(lang, f"ogp.value.{v}") for v in _items(values))


# ---- one member -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberOGP:
    """A collectivity's OGP Local membership and its commitments."""

    member_code: str
    since: date
    date_precision: str
    date_estimated: bool
    plans: tuple[str, ...]
    joint_plan: bool
    ogp_page_url: str | None
    source: str
    source_url: str | None
    commitments: pd.DataFrame  # commitment_id, titles, action_plan, start_on, end_on, date_precision, url

    def since_text(self, lang: str) -> str:
        """Since when, as month and year (or the year alone, flagged when estimated)."""
        return since_text(lang, self.since, self.date_precision, self.date_estimated)


def member_ogp(reader: Reader, member_code: str) -> MemberOGP | None:
    """The member's OGP Local membership and commitments; None if it is not an OGP Local member."""
    found = reader.df("ogp/member", {"member": member_code})
    if found.empty:
        return None
    row = found.iloc[0]
    return MemberOGP(
        member_code=member_code,
        since=pd.Timestamp(row["member_since"]).date(),
        date_precision=str(row["date_precision"]),
        date_estimated=bool(row["date_estimated"]),
        plans=tuple(_items(row["plans"])),
        joint_plan=bool(row["joint_plan"]),
        ogp_page_url=_text(row["ogp_page_url"]),
        source=str(row["source"]),
        source_url=_text(row["source_url"]),
        commitments=reader.df("ogp/member_commitments", {"member": member_code}),
    )


def pacto_commitment(reader: Reader) -> pd.Series | None:
    """The national commitment that is the network's own programme (MO0065), if it is stored."""
    found = reader.df("ogp/commitment", {"commitment": PACTO_COMMITMENT})
    return None if found.empty else found.iloc[0]


# ---- the evaluators' table ------------------------------------------------------------------------


def commitments_frame(reader: Reader, filters: Filters) -> pd.DataFrame:
    """National commitments, and the local ones of collectivities within the filters (raw columns)."""
    return reader.df("ogp/commitments", filters.params())


def commitments_table(reader: Reader, filters: Filters, lang: str) -> pd.DataFrame:
    """One row per commitment, in the user's language: its ID, title, member, plan, dates (month and
    year), OGP values, lead institution, whether the member is in the network, and OGP's page."""
    frame = commitments_frame(reader, filters)
    rows = [row for _, row in frame.iterrows()]
    periods = [period_text(lang, r["start_on"], r["end_on"], r["date_precision"]) for r in rows]
    columns = {
        "commitment": list(frame["commitment_id"]),
        "title": [str(r[f"title_{lang}"]) for r in rows],
        "member": [_member_name(r, lang) for r in rows],
        "action_plan": list(frame["action_plan"]),
        "start": [p[0] for p in periods],
        "end": [p[1] for p in periods],
        "ogp_values": [values_text(r["ogp_values"], lang) for r in rows],
        "lead_institution": [lead_institution(r, lang) for r in rows],
        "remacto_member": [_in_network(r, lang) for r in rows],
        "link": list(frame["url"]),
    }
    return pd.DataFrame({t(lang, f"ogp.col.{name}"): values for name, values in columns.items()})


def _member_name(row: pd.Series, lang: str) -> str:
    if row["scope"] == "national":
        return t(lang, "ogp.national_member")
    return str(row[i18n.name_column(lang)])


def _in_network(row: pd.Series, lang: str) -> str:
    """Yes / no for a local commitment's member (a demo member says so); empty for a national one."""
    if row["scope"] == "national" or _missing(row["remacto_member"]):
        return ""
    if not bool(row["remacto_member"]):
        return t(lang, "no")
    return t(lang, "ogp.member_demo") if bool(row["member_is_demo"]) else t(lang, "yes")


def progress_note(reader: Reader, lang: str) -> str:
    """The national plan's published progress figures, each group with its publisher and whether it
    is a press figure and undated; empty when none is stored."""
    groups: dict[tuple[str, bool, date | None], list[str]] = {}
    for _, row in reader.df("ogp/progress").iterrows():
        share = i18n.percent(lang, float(row["progress"]))
        figure = (
            t(lang, "ogp.progress_plan", plan=plan_text(lang, str(row["action_plan"])), share=share)
            if _missing(row["commitment_id"])
            else t(lang, "ogp.progress_commitment", commitment=row["commitment_id"], share=share)
        )
        groups.setdefault((str(row["publisher"]), bool(row["is_press"]), _as_date(row["as_of"])), []).append(figure)
    notes = []
    for (publisher, is_press, as_of), figures in groups.items():
        kind = "press" if is_press else "official"
        if as_of is None:
            source = t(lang, f"ogp.source_{kind}_undated", publisher=publisher)
        else:
            source = t(lang, f"ogp.source_{kind}_dated", publisher=publisher, date=i18n.day(lang, as_of))
        notes.append(t(lang, "ogp.progress_note", figures=t(lang, "ogp.list_separator").join(figures), source=source))
    return " ".join(notes)


def translation_note(frame: pd.DataFrame, lang: str) -> str:
    """A note that the titles shown are translations of OGP's English ones, when any of them is."""
    translated = any(lang in _items(value) for value in frame.get("title_translated", []))
    return t(lang, "ogp.translated_titles") if translated else ""
