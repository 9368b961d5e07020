"""The evaluator's matrix in the user's language: the members' table as shown (each cell's text,
sort key, colour and tooltip), the summary by region, and the download with links that work
outside the app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import pandas as pd

from mel import i18n, links, vocabulary
from mel.db import Reader
from mel.filters import Filters
from mel.i18n import t
from mel.matrix import Window, column_order, is_stale, matrix, summary
from mel.vocabulary import PRINCIPLES

# The status is said by a shape as well as a colour: full, half, empty (``mel.vocabulary``).
RAG_ICONS = {status: icon for status, icon in vocabulary.RAG_ICONS.items() if status != "grey"}
RAG_BACKGROUNDS = {status: tint for status, tint in vocabulary.RAG_TINTS.items() if tint}
LINK = "link"  # the hidden column of in-app addresses that each row's first cell opens


@dataclass(frozen=True)
class ShownTable:
    """A table as shown: its text cells, and for the matrix's columns each cell's sort key (the
    number behind the label), CSS and tooltip; ``LINK`` holds each row's in-app address."""

    table: pd.DataFrame
    sort_keys: pd.DataFrame
    styles: pd.DataFrame
    titles: pd.DataFrame


def column_labels(reader: Reader, lang: str, codes: list[str]) -> dict[str, str]:
    """Each matrix column's header: a principle's name, or an indicator's code and name."""
    options = reader.df("choices/indicators")
    names = dict(zip(options["code"], options[f"name_{lang}"], strict=True))
    return {c: t(lang, f"principle.{c}") if c in PRINCIPLES else f"{c} · {names.get(c, c)}" for c in codes}


def cell_text(lang: str, share: Any, status: str) -> str:
    """A cell as shown: the status's shape and the share, e.g. "● 82 %"; empty without a value."""
    if share is None or pd.isna(share):
        return ""
    return f"{RAG_ICONS[status]} {_percent(lang, float(share))}"


def cell_style(status: str, age: Any = None) -> str:
    """A cell's CSS: its status's colour; in italics when its value is two quarters old or more."""
    style = "white-space: nowrap; text-align: end"
    if status in RAG_BACKGROUNDS:
        style += f"; background-color: {RAG_BACKGROUNDS[status]}"
    return style + ("; font-style: italic" if is_stale(age) else "")


# Babel formats a number in about 30 µs; a matrix repeats the same few hundred shares and counts.
@lru_cache(maxsize=4096)
def _percent(lang: str, share: float) -> str:
    return i18n.percent(lang, share)


@lru_cache(maxsize=4096)
def _count(lang: str, value: float) -> str:
    return i18n.number(lang, value)


@lru_cache(maxsize=16384)
def _decimal(lang: str, value: float) -> str:
    return i18n.decimal(lang, value)


def _number(lang: str, value: Any) -> str:
    return "–" if value is None or pd.isna(value) else _decimal(lang, float(value))


def cell_title(lang: str, row: Any) -> str:
    """A cell's tooltip: its status in words, and what the share is made of."""
    if pd.isna(row.share):
        return t(lang, "matrix.no_value")
    status = t(lang, f"rag.{row.rag}")
    if row.column in PRINCIPLES:
        return t(lang, "matrix.principle_cell", status=status, on_track=_count(lang, row.on_track),
                 indicators=_count(lang, row.indicators), age=_count(lang, row.age))  # fmt: skip
    return t(lang, "matrix.indicator_cell", status=status, value=_number(lang, row.value),
             period=i18n.quarter(lang, row.period), baseline=_number(lang, row.baseline_value),
             target=_number(lang, row.target_value), share=_percent(lang, float(row.share)),
             age=_count(lang, row.age))  # fmt: skip


def _members(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per member: its code, names, region, kind and cohort, in the matrix's order."""
    return frame.drop_duplicates("member_code").set_index("member_code")


def matrix_view(reader: Reader, filters: Filters, lang: str, today: date, window: Window, columns: str) -> ShownTable:
    """The members' table: name (opening the member's page with the view kept), code, region,
    kind and cohort, then one cell per column; sorted by name."""
    frame = matrix(reader, filters, today, window, columns)
    codes = column_order(frame)
    labels = column_labels(reader, lang, codes)
    members = _members(frame)
    table = pd.DataFrame(
        {
            t(lang, "col.name"): members[i18n.name_column(lang)],
            t(lang, "col.code"): members.index,
            t(lang, "col.region"): members[i18n.name_column(lang, "region_name")],
            t(lang, "col.kind"): members["kind"].map(lambda k: t(lang, f"kind.{k}")),
            t(lang, "col.cohort"): members["cohort"],
            LINK: [links.member_page("", lang, filters, c) for c in members.index],
        },
        index=members.index,
    )
    keys, styles, titles = (pd.DataFrame(index=members.index) for _ in range(3))
    for code in codes:
        cells = frame[frame["column"] == code].set_index("member_code").reindex(members.index)
        label = labels[code]
        table[label] = [cell_text(lang, s, r) for s, r in zip(cells["share"], cells["rag"], strict=True)]
        keys[label] = cells["share"].astype(object)
        styles[label] = [cell_style(r, a) for r, a in zip(cells["rag"], cells["age"], strict=True)]
        titles[label] = [cell_title(lang, row) for row in cells.reset_index().itertuples()]
    order = table[t(lang, "col.name")].sort_values(kind="stable").index
    return ShownTable(*(f.loc[order].reset_index(drop=True) for f in (table, keys, styles, titles)))


def summary_view(
    reader: Reader, filters: Filters, lang: str, today: date, window: Window, columns: str, by: str
) -> ShownTable:
    """The summary rows: all members in view, then each region; each cell the share of members
    with a value in the window whose cell is on track, with how many of how many."""
    frame = summary(matrix(reader, filters, today, window, columns), by)
    codes = column_order(frame)
    labels = column_labels(reader, lang, codes)
    rows = frame.drop_duplicates("region_code").reset_index(drop=True)
    names = [
        t(lang, "matrix.all_members") if code is None else name
        for code, name in zip(rows["region_code"], rows[i18n.name_column(lang, "region_name")], strict=True)
    ]
    table = pd.DataFrame({t(lang, "matrix.summary_header"): names})
    keys, styles, titles = (pd.DataFrame(index=table.index) for _ in range(3))
    for code in codes:
        cells = frame[frame["column"] == code].reset_index(drop=True)
        label = labels[code]
        table[label] = [
            f"{cell_text(lang, s, r)} ({i18n.number(lang, k)}/{i18n.number(lang, n)})" if not pd.isna(s) else ""
            for s, r, k, n in zip(cells["share"], cells["rag"], cells["on_track"], cells["members"], strict=True)
        ]
        keys[label] = cells["share"].astype(object)
        styles[label] = [cell_style(r) for r in cells["rag"]]
        titles[label] = [
            t(lang, "matrix.summary_cell", on_track=i18n.number(lang, k), members=i18n.number(lang, n))
            for k, n in zip(cells["on_track"], cells["members"], strict=True)
        ]
    return ShownTable(table, keys, styles, titles)


def matrix_download(
    reader: Reader, filters: Filters, lang: str, today: date, window: Window, columns: str, base: str
) -> pd.DataFrame:
    """The matrix as a file to send: code, name, region, kind, cohort, the member's page (an
    absolute link when ``base`` is known, with the view's language and filters), then for each
    column its value, period, share of the way to target (indicators), status in words and age."""
    frame = matrix(reader, filters, today, window, columns)
    codes = column_order(frame)
    labels = column_labels(reader, lang, codes)
    members = _members(frame)
    out = pd.DataFrame(
        {
            t(lang, "col.code"): members.index,
            t(lang, "col.name"): members[i18n.name_column(lang)],
            t(lang, "col.region"): members[i18n.name_column(lang, "region_name")],
            t(lang, "col.kind"): members["kind"].map(lambda k: t(lang, f"kind.{k}")),
            t(lang, "col.cohort"): members["cohort"],
            t(lang, "col.member_page"): [links.member_page(base, lang, filters, c) for c in members.index],
        }
    )
    for code in codes:
        cells = frame[frame["column"] == code].set_index("member_code").reindex(members.index)

        def header(field: str, label: str = labels[code]) -> str:
            return t(lang, "matrix.download_header", column=label, field=t(lang, f"matrix.field.{field}"))

        share = (cells["share"].astype("Float64") * 100).round(0).astype("Int64").array  # whole percents, as shown
        if code in PRINCIPLES:
            out[header("on_track_share")] = share
        else:
            out[header("value")] = cells["value"].to_numpy()
            out[header("period")] = [i18n.quarter(lang, p) if isinstance(p, str) else None for p in cells["period"]]
            out[header("share")] = share
        out[header("status")] = [t(lang, f"rag.{r}") if r in RAG_ICONS else None for r in cells["rag"]]
        out[header("age")] = cells["age"].array
    return out.sort_values(t(lang, "col.name"), kind="stable").reset_index(drop=True)
