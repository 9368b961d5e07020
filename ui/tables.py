"""Tables as HTML: right to left in Arabic, whole on paper, sortable by their headers.

Why not ``st.dataframe``: it draws on a canvas that always opens scrolled to the left, so in
Arabic, with its columns reversed, the column that says what each row is (a name, a code) starts
off-screen; a canvas also prints only the rows scrolled into view. A plain HTML table follows the
page's direction (its first column sits on the right in Arabic, where an overflowing box opens),
keeps that column pinned while the others scroll, wraps long names instead of cutting them,
repeats its header on each printed page, and is read by screen readers. A small script sorts a
table by a click on its header.
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from mel import i18n
from mel.i18n import t

# Past this many rows a table shows its first rows and says so (a download gives all of them).
SHOWN_ROWS = 100  # a table's rows shown at first
MAX_ROWS = 2_000  # shown at most, when the reader asks for all (every collectivity fits)
PERIOD = re.compile(r"^\d{4}-Q[1-4]$")


def _empty(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral) and math.isnan(value)


def cell_text(lang: str, value: Any) -> tuple[str, str]:
    """A cell as shown (in the language) and its sort key; empty cells are empty, never "None"."""
    if _empty(value):
        return "", ""
    if isinstance(value, (bool, np.bool_)):
        return t(lang, "yes" if value else "no"), str(int(value))
    # Every kind of number (Python's, numpy's as an object column holds them, a database's Decimal)
    # in the page's language, never as Python writes it.
    if isinstance(value, numbers.Integral):
        return i18n.number(lang, int(value)), repr(int(value))
    if isinstance(value, (numbers.Real, Decimal)):
        number = float(value)
        if number.is_integer() and abs(number) < 1e15:
            return i18n.number(lang, number), repr(int(number))
        return i18n.decimal(lang, number), repr(number)
    if isinstance(value, (pd.Timestamp, datetime)):
        value = value.date()
    if isinstance(value, date):
        return i18n.day(lang, value), value.isoformat()
    text = str(value)
    if PERIOD.match(text):
        return i18n.quarter(lang, text), text
    return text, text


def _cell(memo: dict[tuple[type, Any], tuple[str, str]], lang: str, value: Any) -> tuple[str, str]:
    """``cell_text``, each distinct value formatted once per table (columns repeat their values:
    regions, kinds, years; Babel's formatting is the costliest part of a large table)."""
    try:
        found = memo.get((type(value), value))
    except TypeError:  # an unhashable cell (a list)
        return cell_text(lang, value)
    if found is None:
        found = memo[(type(value), value)] = cell_text(lang, value)
    return found


def _by_column(frame: pd.DataFrame | None, rows: int) -> dict[Any, list[Any]]:
    """A companion frame's first ``rows`` values per column, in row order."""
    if frame is None:
        return {}
    return {column: list(frame[column].head(rows)) for column in frame.columns}


def external_link(address: Any, content: str) -> str:
    """``content`` (already HTML) as a link opening a web page in a new tab; only http(s) addresses
    are linked (never ``javascript:``), others leave the content as it is."""
    if not isinstance(address, str) or not address.startswith(("https://", "http://")):
        return content
    return f'<a href="{html.escape(address)}" target="_blank" rel="noopener">{content}</a>'


def sparkline(values: Sequence[float]) -> str:
    """A small inline SVG line of a series (no axis: the table says the value)."""
    points = [float(v) for v in values if not _empty(v)]
    if len(points) < 2:
        return ""
    low, high = min(points), max(points)
    span = (high - low) or 1.0
    width, height = 80, 22
    step = width / (len(points) - 1)
    path = " ".join(f"{i * step:.1f},{height - 2 - (v - low) / span * (height - 4):.1f}" for i, v in enumerate(points))
    return (
        f'<svg class="mel-spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" aria-hidden="true">'
        f'<polyline points="{path}" fill="none" stroke="#1f6f8b" stroke-width="1.6"/></svg>'
    )


def table_html(
    frame: pd.DataFrame,
    lang: str,
    *,
    height: int | None = None,
    trend: str | None = None,
    colours: pd.DataFrame | None = None,
    link: str | None = None,
    link_text: str | None = None,
    urls: str | None = None,
    sort_keys: pd.DataFrame | None = None,
    titles: pd.DataFrame | None = None,
    row_links: str | None = None,
    max_rows: int = MAX_ROWS,
) -> str:
    """The HTML of a table whose first column says what each row is (kept in view, sticky).

    Headers are data column names translated with ``i18n.column_label`` (or already in the
    language); ``trend`` names a column of value lists drawn as sparklines, ``colours`` holds a
    CSS declaration per cell, ``link`` a column of in-app addresses shown as ``link_text``;
    ``urls`` a column of web addresses (not shown) that the row's first cell links to, in a new tab;
    ``row_links`` a column of in-app addresses (not shown) that the row's first cell opens in the
    same tab. ``sort_keys`` and ``titles`` hold, for some columns, each cell's sort key (a number
    where the cell shows a label, e.g. "● 82 %") and its tooltip; rows as in ``frame``.
    """
    shown = frame.head(max_rows)
    addresses = list(shown[urls]) if urls else []
    in_app = list(shown[row_links]) if row_links else []
    shown = shown.drop(columns=[c for c in (urls, row_links) if c])
    # Column -> values in row order, read once (a per-cell .iloc costs about 50 µs).
    styles = _by_column(colours, max_rows)
    keys, tips = _by_column(sort_keys, max_rows), _by_column(titles, max_rows)
    direction = "rtl" if i18n.is_rtl(lang) else "ltr"
    numeric = {
        c for c in shown.columns if pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(shown[c])
    }
    head = "".join(
        f'<th scope="col" tabindex="0"{" class=num" if c in numeric else ""}>'
        f"{html.escape(i18n.column_label(lang, str(c)))}</th>"
        for c in shown.columns
    )
    rows = []
    memo: dict[tuple[type, Any], tuple[str, str]] = {}
    for position, record in enumerate(shown.itertuples(index=False, name=None)):
        cells = []
        for index, (column, value) in enumerate(zip(shown.columns, record, strict=True)):
            attributes = ""
            declared = styles[column][position] if column in styles else None
            if isinstance(declared, str) and declared:
                attributes = f' style="{html.escape(declared)}"'
            tip = tips[column][position] if column in tips else None
            if isinstance(tip, str) and tip:
                attributes += f' title="{html.escape(tip)}"'
            if column == trend:
                content, key = sparkline(value if isinstance(value, (list, tuple)) else []), ""
            elif column == link and not _empty(value):
                shown_as = html.escape(link_text or str(value))
                content = f'<a href="{html.escape(str(value))}" target="_self">{shown_as}</a>'
                key = ""
            else:
                text, key = _cell(memo, lang, value)
                content = html.escape(text)
            if column in keys:
                given = keys[column][position]
                key = "" if _empty(given) else str(given)
            if index == 0 and addresses:
                content = external_link(addresses[position], content)
            if index == 0 and in_app and isinstance(in_app[position], str):
                content = f'<a href="{html.escape(in_app[position])}" target="_self">{content}</a>'
            tag = "th" if index == 0 else "td"
            scope = ' scope="row"' if index == 0 else ""
            classes = " class=num" if column in numeric else ""
            cells.append(f'<{tag}{scope}{classes} data-sort="{html.escape(key)}"{attributes}>{content}</{tag}>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    limit = f" style=max-height:{int(height)}px" if height else ""
    more = ""
    if len(frame) > len(shown):
        note = t(lang, "table.first_rows", n=len(shown), total=i18n.number(lang, len(frame)))
        more = f'<p class="mel-table-more">{html.escape(note)}</p>'
    # A scrolling box reached with the keyboard is a region: named by its first headers, told apart.
    name = html.escape(", ".join(i18n.column_label(lang, str(c)) for c in list(shown.columns)[:3]))
    return (
        f'<div class="mel-table-wrap" dir="{direction}" tabindex="0" role="region" aria-label="{name}"{limit}>'
        f'<table class="mel-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>{more}'
    )
