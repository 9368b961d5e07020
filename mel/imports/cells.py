"""Reading the files users really produce (CSV or XLSX) into a table of raw cells, and the cell parsers.

Every problem names the spreadsheet row (the header is row 1) and the column, with a reason
from the catalogs, so it can be shown in the user's language. The limits on a file are in
``mel.sheets``.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import islice, zip_longest
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from mel.periods import quarter_of
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
    """A DataFrame of the data rows with a ``_row`` column: the row number in the spreadsheet.

    Built column by column. A header written twice keeps its last column's cells, a column
    without a header is left out, and cells missing at the end of a row are empty.
    """
    if not rows:
        raise ImportRejected([Problem("import.error.empty")])
    (_, header), body = rows[0], rows[1:]
    columns = [normalise_header(h) for h in header]
    while columns and not columns[-1]:
        columns.pop()
    if not body:
        raise ImportRejected([Problem("import.error.empty")])
    positions: dict[str, int] = {}  # each name in the order it first appears, at its last position
    for index, name in enumerate(columns):
        if name:
            positions[name] = index
    positions.pop("_row", None)  # the row number is ours, whatever the header says
    names = [*(c for c in dict.fromkeys(columns) if c), *([] if "_row" in columns else ["_row"])]
    # The sheet's columns, each as long as the body: a row's missing last cells are empty.
    cells = list(islice(zip_longest(*(values for _, values in body), fillvalue=""), len(columns)))
    cells += [("",) * len(body)] * (len(columns) - len(cells))
    by_name = {name: np.array(cells[positions[name]], dtype=object) for name in positions}
    by_name["_row"] = np.array([number for number, _ in body], dtype=object)
    # Plain Python objects either way: the checks read the cells themselves, and Arrow text would be
    # converted back for them. Text only (every CSV file) has no type to infer.
    if all(infer_dtype(by_name[name], skipna=False) == "string" for name in positions):
        return pd.DataFrame({name: by_name[name] for name in names}, dtype=object)
    # Typed cells (a workbook): each column's type as pandas infers it for rows of records.
    records = list(zip(*(by_name[name] for name in names), strict=True))
    return pd.DataFrame.from_records(records, columns=names, coerce_float=False).astype(object)


def read_table(data: bytes, file_name: str = "") -> pd.DataFrame:
    """Read a CSV or XLSX file's first sheet, whatever its name says; ImportRejected otherwise.

    Returns the raw cells (strings for CSV, typed cells for XLSX) with normalised headers and
    a ``_row`` column holding each row's number in the spreadsheet. Files past the limits of
    ``mel.sheets`` are refused while reading, before they cost memory.
    """
    with many_cells():
        return _frame_from_rows(read_rows(data))


@contextmanager
def many_cells() -> Iterator[None]:
    """Pause the cycle collector while a table's cells are built, a few hundred thousand objects at once.

    Each full collection walks every object built so far: reading a 100,000-row file spent half
    its time there. Cells and rows form no cycles, so reference counting frees them as usual.
    The collector is resumed if it was running, whatever happens.
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


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


# Columns an in-app table adds: what the user saw when they opened it. A row whose value changed
# since (someone else saved) is refused, instead of silently overwriting the other person's save.
EXPECTED_VALUE = "expected_value"
EXPECTED_DONE_ON = "expected_done_on"
NO_VALUE = "none"

SEX_WORDS = {
    "total": "total",
    "all": "total",
    "tous": "total",
    "ensemble": "total",
    "المجموع": "total",
    "مجموع": "total",
    "women": "women",
    "woman": "women",
    "female": "women",
    "f": "women",
    "femmes": "women",
    "femme": "women",
    "نساء": "women",
    "النساء": "women",
    "إناث": "women",
    "men": "men",
    "man": "men",
    "male": "men",
    "m": "men",
    "h": "men",
    "hommes": "men",
    "homme": "men",
    "رجال": "men",
    "الرجال": "men",
    "ذكور": "men",
}

_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]?\s*[QqTt]([1-4])$")
_QUARTER_FIRST = re.compile(r"^[QqTt]([1-4])\s*[-/ ]?\s*(\d{4})$")  # T3 2024, Q3-2024
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


# ---- cell parsing ---------------------------------------------------------------------------------


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts, built column-wise (much faster than ``to_dict`` on large files)."""
    columns = list(frame.columns)
    return [
        dict(zip(columns, values, strict=True)) for values in zip(*(frame[c].tolist() for c in columns), strict=True)
    ]


def parse_period(value: Any) -> str | None:
    """A quarter from ``2024-Q3``, ``2024-09`` or a date in the quarter; None if none of these."""
    if isinstance(value, (datetime, date)):
        return quarter_of(value if isinstance(value, date) else value.date())
    return _parse_period_text(cell_text(value))


@lru_cache(maxsize=4096)
def _parse_period_text(text: str) -> str | None:
    match = _QUARTER.match(text)
    if match:
        return f"{match.group(1)}-Q{match.group(2)}"
    match = _QUARTER_FIRST.match(text)
    if match:
        return f"{match.group(2)}-Q{match.group(1)}"
    match = _MONTH.match(text)
    if match and 1 <= int(match.group(2)) <= 12:
        return quarter_of(date(int(match.group(1)), int(match.group(2)), 1))
    day = parse_date(text)
    return quarter_of(day) if day else None


def parse_sex(value: Any) -> str | None:
    """``total`` / ``women`` / ``men`` from the English, French or Arabic word."""
    return SEX_WORDS.get(cell_text(value).lower())


def parse_number(value: Any) -> float | None:
    """A number with a decimal point or comma (``12,5``), spaces as thousands separators; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if pd.notna(value) and abs(value) != float("inf") else None
    text = re.sub(r"[\s\u00a0\u202f]", "", cell_text(value))
    if _PLAIN_NUMBER.fullmatch(text):  # the common case: 12 or 12.5
        number = float(text)
        return number if abs(number) != float("inf") else None
    if "," in text and "." in text:
        text = text.replace("," if text.rfind(".") > text.rfind(",") else ".", "")
    text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
        return None
    number = float(text)
    return number if abs(number) != float("inf") else None


def parse_count(value: Any) -> int | None:
    """A whole number of people (may be negative here; the caller checks the sign)."""
    number = parse_number(value)
    return int(number) if number is not None and float(number).is_integer() else None


@dataclass(frozen=True)
class Preview:
    """What an import would write: each row with its status (new / correction / unchanged)."""

    kind: str
    rows: pd.DataFrame

    def count(self, status: str) -> int:
        """How many rows have this status."""
        return int((self.rows["status"] == status).sum()) if not self.rows.empty else 0

    @property
    def to_write(self) -> pd.DataFrame:
        """The rows that will be written (new and corrections)."""
        return self.rows[self.rows["status"] != "unchanged"] if not self.rows.empty else self.rows
