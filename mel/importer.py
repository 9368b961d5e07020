"""Reading the files users really produce (CSV or XLSX) into a table of raw cells, and the cell parsers.

Every problem names the spreadsheet row (the header is row 1) and the column, with a reason
from the catalogs, so it can be shown in the user's language. The limits on a file are in
``mel.sheets``.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from typing import Any

import pandas as pd

from mel.problems import ImportRejected, Problem
from mel.sheets import Rows, read_rows

__all__ = [
    "ImportRejected",
    "Problem",
    "cell_text",
    "normalise_header",
    "parse_date",
    "parse_int",
    "read_table",
    "require_columns",
    "sha256",
]


def sha256(data: bytes) -> str:
    """The file's SHA-256, recorded with each import batch."""
    return hashlib.sha256(data).hexdigest()


def normalise_header(name: Any) -> str:
    """Headers in any case, with stray spaces: ``" Member Code "`` -> ``member_code``."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower().lstrip("\ufeff"))


def _frame_from_rows(rows: Rows) -> pd.DataFrame:
    """A DataFrame of the data rows with a ``_row`` column: the row number in the spreadsheet."""
    if not rows:
        raise ImportRejected([Problem("import.error.empty")])
    (_, header), body = rows[0], rows[1:]
    columns = [normalise_header(h) for h in header]
    while columns and not columns[-1]:
        columns.pop()
    if not body:
        raise ImportRejected([Problem("import.error.empty")])
    records = []
    for number, row in body:
        values = list(row) + [""] * (len(columns) - len(row))
        record: dict[str, Any] = {c: values[i] for i, c in enumerate(columns) if c}
        record["_row"] = number
        records.append(record)
    # Plain Python objects: the checks read cells one by one, which Arrow-backed columns make slow.
    return pd.DataFrame.from_records(records, coerce_float=False).astype(object)


def read_table(data: bytes, file_name: str = "") -> pd.DataFrame:
    """Read a CSV or XLSX file's first sheet, whatever its name says; ImportRejected otherwise.

    Returns the raw cells (strings for CSV, typed cells for XLSX) with normalised headers and
    a ``_row`` column holding each row's number in the spreadsheet. Files past the limits of
    ``mel.sheets`` are refused while reading, before they cost memory.
    """
    return _frame_from_rows(read_rows(data))


def require_columns(frame: pd.DataFrame, required: list[str]) -> None:
    """Reject a file that lacks a required column."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ImportRejected([Problem("import.error.missing_column", column=c) for c in missing])


def cell_text(value: Any) -> str:
    """A cell as trimmed text ('' when empty); whole floats from Excel lose their '.0'."""
    if type(value) is str:  # the common case (every CSV cell), first
        return value.strip()
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def parse_date(value: Any) -> date | None:
    """A date from ISO ``2024-03-02``, ``02/03/2024`` (day first) or an Excel date cell."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_int(value: Any) -> int | None:
    """An integer cell, or None."""
    text = cell_text(value)
    if re.fullmatch(r"[+]?\d+", text):
        return int(text)
    return None
