"""Public facts shipped in ``data/``: published member counts, cohorts, named members, reference figures.

Each row of each file carries its source; a row without one is refused when the database is
built. The registry of members follows the counts flagged ``registry_follows``: the named members
come first, and demo placeholders fill each cohort up to its published total.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from mel import i18n, vocabulary
from mel.db import Reader, insert_frame
from mel.filters import Filters
from mel.i18n import t
from mel.paths import DATA_DIR

KINDS = vocabulary.KINDS.codes
KIND_COUNT_COLUMNS = {"region": "regions", "council": "councils", "commune": "communes"}
# Files of sourced facts: each row must name its source.
FACT_FILES = (
    "published_counts.csv",
    "cohorts.csv",
    "members_named.csv",
    "reference_figures.csv",
    "ogp_local.csv",
    "people.csv",
)
_DATES = {
    "published_counts.csv": ["on_date"],
    "cohorts.csv": [
        "joined_on", "joined_from", "joined_to", "co_creation_from", "co_creation_to",
        "adoption_from", "adoption_to", "start_on", "end_on",
    ],
    "reference_figures.csv": ["on_date"],
}  # fmt: skip


class UnsourcedFact(ValueError):
    """A row of a shipped fact file has no source."""


def read(name: str, folder: Path = DATA_DIR) -> pd.DataFrame:
    """A fact file as text columns (dates parsed); raises UnsourcedFact naming the file and row."""
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    if "source" not in frame.columns:
        raise UnsourcedFact(f"{name}: no source column")
    for position, source in enumerate(frame["source"], start=2):  # row 1 holds the headers
        if not source.strip():
            raise UnsourcedFact(f"{name}, row {position}: the source is empty")
    for column in _DATES.get(name, []):
        frame[column] = pd.to_datetime(frame[column].replace("", None)).dt.date
    return frame


def _flag(column: pd.Series) -> pd.Series:
    return column.str.strip().str.lower() == "true"


def _integers(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("Int64")
    return frame


def published_counts(folder: Path = DATA_DIR) -> pd.DataFrame:
    """The network's published member counts, with their split by kind, cohort and source."""
    frame = _integers(read("published_counts.csv", folder), ["members", "regions", "councils", "communes", "cohort"])
    frame["registry_follows"] = _flag(frame["registry_follows"])
    frame.insert(0, "count_id", range(1, len(frame) + 1))
    frame["source_url"] = frame["source_url"].replace("", None)
    return frame


def cohorts(folder: Path = DATA_DIR) -> pd.DataFrame:
    """Each cohort's date, its joining window and its programme calendar."""
    frame = read("cohorts.csv", folder)
    frame["cohort"] = frame["cohort"].astype(int)
    return frame


def reference_figures(folder: Path = DATA_DIR) -> pd.DataFrame:
    """Sourced reference figures (women's seats, the proactive-publication index, chafafiya.ma)."""
    frame = read("reference_figures.csv", folder)
    frame["value"] = pd.to_numeric(frame["value"].replace("", None))
    frame["source_url"] = frame["source_url"].replace("", None)
    return frame


def cohort_targets(counts: pd.DataFrame) -> dict[int, dict[str, int]]:
    """Members of each kind each cohort added, from the published totals the registry follows.

    Cohort n's share is its total minus cohort n-1's: 66 (12/4/50), then 126 (12/7/107), then
    228 (12/17/199) give cohort 2 three councils and 57 communes, cohort 3 ten and 92.
    """
    followed = counts[counts["registry_follows"] & counts["cohort"].notna()].sort_values("cohort")
    targets: dict[int, dict[str, int]] = {}
    before = dict.fromkeys(KINDS, 0)
    for row in followed.itertuples():
        totals = {kind: int(getattr(row, KIND_COUNT_COLUMNS[kind])) for kind in KINDS}
        targets[int(row.cohort)] = {kind: totals[kind] - before[kind] for kind in KINDS}
        before = totals
    return targets


def named_members(calendar: pd.DataFrame, folder: Path = DATA_DIR) -> pd.DataFrame:
    """Members named in public sources; one with no published date takes its cohort's, flagged estimated."""
    frame = read("members_named.csv", folder)
    frame["cohort"] = frame["cohort"].astype(int)
    cohort_day = dict(zip(calendar["cohort"], calendar["joined_on"], strict=True))
    missing = frame["joined_on"].str.strip() == ""
    frame["joined_on"] = [
        cohort_day[c] if gap else date.fromisoformat(d)
        for c, d, gap in zip(frame["cohort"], frame["joined_on"], missing, strict=True)
    ]
    frame["dates_estimated"] = _flag(frame["dates_estimated"]) | missing
    frame["source_url"] = frame["source_url"].replace("", None)
    return frame


def load(con: duckdb.DuckDBPyConnection, folder: Path = DATA_DIR) -> None:
    """Replace the published counts, cohorts and reference figures with the files' (facts, not user data)."""
    for table, frame in (
        ("published_counts", published_counts(folder)),
        ("cohorts", cohorts(folder)),
        ("reference_figures", reference_figures(folder)),
    ):
        con.execute(f"DELETE FROM core.{table}")  # a fixed table name
        insert_frame(con, table, frame)


def when(lang: str, day: date, precision: str) -> str:
    """A date as precise as its source: 12 Nov 2024, Dec 2024 or 2024."""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return i18n.month(lang, day)
    return i18n.day(lang, day)


def _dates(frame: pd.DataFrame, lang: str) -> list[str]:
    pairs = zip(frame["on_date"], frame["date_precision"], strict=True)
    return [when(lang, pd.Timestamp(day).date(), precision) for day, precision in pairs]


def counts_frame(reader: Reader) -> pd.DataFrame:
    """The published counts as stored (raw columns), oldest first."""
    return reader.df("growth/published_counts")


def counts_table(reader: Reader, lang: str) -> pd.DataFrame:
    """Every published count with its split, its source and whether the registry follows it."""
    frame = counts_frame(reader)
    frame = frame[frame["members"].notna()]
    return pd.DataFrame(
        {
            t(lang, "col.published_count"): frame[f"label_{lang}"],
            t(lang, "col.date"): _dates(frame, lang),
            t(lang, "col.members"): frame["members"].astype("Int64"),
            t(lang, "col.registry_follows"): frame["registry_follows"].map(
                lambda f: t(lang, "facts.followed") if f else t(lang, "facts.not_followed")
            ),
            t(lang, "col.fact_source"): frame["source"],
            t(lang, "kind.region.plural"): frame["regions"].astype("Int64"),
            t(lang, "kind.council.plural"): frame["councils"].astype("Int64"),
            t(lang, "kind.commune.plural"): frame["communes"].astype("Int64"),
            t(lang, "col.source_url"): frame["source_url"].fillna(""),
        }
    )


def followed_summary(reader: Reader, lang: str) -> str:
    """The published totals the registry follows, as "66 (Mar 2023), 126 (12 Nov 2024), …"."""
    frame = counts_frame(reader)
    frame = frame[frame["registry_follows"] & frame["members"].notna()]
    items = [
        t(lang, "facts.followed_item", members=i18n.number(lang, int(n)), when=when(lang, pd.Timestamp(d).date(), p))
        for n, d, p in zip(frame["members"], frame["on_date"], frame["date_precision"], strict=True)
    ]
    return i18n.join(lang, items)


def registry_makeup(reader: Reader, filters: Filters, today: date) -> dict[str, int]:
    """Members in view today: how many are named in public sources and how many are demo placeholders."""
    row = reader.df("growth/registry_makeup", filters.params(today=today)).iloc[0]
    return {"members": int(row["members"]), "named": int(row["named"]), "placeholders": int(row["placeholders"])}


def figures_table(reader: Reader, topics: tuple[str, ...], lang: str) -> pd.DataFrame:
    """The reference figures on ``topics``: what, the value, when, and the source."""
    frame = reader.df("overview/reference_figures", {"topics": list(topics)})
    values = []
    for value, unit in zip(frame["value"], frame["unit"], strict=True):
        if pd.isna(value):
            values.append("")
        elif unit == "percent":
            values.append(i18n.percent(lang, float(value) / 100, 2 if float(value) % 1 else 0))
        else:
            values.append(i18n.number(lang, float(value)))
    return pd.DataFrame(
        {
            t(lang, "col.reference_figure"): frame[f"label_{lang}"],
            t(lang, "col.value"): values,
            t(lang, "col.date"): _dates(frame, lang),
            t(lang, "col.fact_source"): frame["source"],
        }
    )
