"""Reading the files users really produce (CSV or XLSX), and reporting problems by row and column.

Every problem names the spreadsheet row (the header is row 1) and the column, with a reason
from the catalogs, so it can be shown in the user's language.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd

from mel import i18n

MAX_BYTES = 5 * 1024 * 1024  # 5 MB
XLSX_MAGIC = b"PK\x03\x04"
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN_ACCENTED = re.compile(r"[àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ]")


@dataclass(frozen=True)
class Problem:
    """One reason a file cannot be imported: where (row, column) and why (a catalog key)."""

    key: str
    row: int | None = None
    column: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        """The problem in the user's language, naming its row and column."""
        reason = i18n.t(lang, self.key, **self.fields)
        if self.row is not None and self.column:
            return i18n.t(lang, "import.at_row_column", row=self.row, column=self.column, reason=reason)
        if self.row is not None:
            return i18n.t(lang, "import.at_row", row=self.row, reason=reason)
        if self.column:
            return i18n.t(lang, "import.at_column", column=self.column, reason=reason)
        return reason


class ImportRejected(Exception):
    """A file that cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def messages(self, lang: str) -> list[str]:
        """Every problem in the user's language."""
        return [p.message(lang) for p in self.problems]


def sha256(data: bytes) -> str:
    """The file's SHA-256, recorded with each import batch."""
    return hashlib.sha256(data).hexdigest()


def normalise_header(name: Any) -> str:
    """Headers in any case, with stray spaces: ``" Member Code "`` -> ``member_code``."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower().lstrip("\ufeff"))


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1256 (Arabic Excel) or Windows-1252 (French Excel)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("cp1256", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = len(_ARABIC.findall(text)) if encoding == "cp1256" else len(_LATIN_ACCENTED.findall(text))
        candidates.append((score, encoding == "cp1256", text))
    if not candidates:
        raise ImportRejected([Problem("import.error.not_table")])
    return max(candidates)[2]


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return controls > len(sample) * 0.05


def _read_csv(data: bytes) -> pd.DataFrame:
    if _looks_binary(data):
        raise ImportRejected([Problem("import.error.not_table")])
    text = _decode(data)
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise ImportRejected([Problem("import.error.empty")])
    header = lines[0]
    separator = max([";", ",", "\t"], key=header.count)
    if header.count(separator) == 0:
        separator = ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error:
        raise ImportRejected([Problem("import.error.not_table")]) from None
    return _frame_from_rows(rows)


def _read_xlsx(data: bytes) -> pd.DataFrame:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportRejected([Problem("import.error.not_table")]) from None
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        raise ImportRejected([Problem("import.error.empty")])
    rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return _frame_from_rows(rows)


def _frame_from_rows(rows: list[list[Any]]) -> pd.DataFrame:
    """A DataFrame of the data rows with a ``_row`` column: the row number in the spreadsheet."""
    numbered = [
        (number, row)
        for number, row in enumerate(rows, start=1)
        if any(str(v).strip() for v in row) and not str(row[0]).lstrip().startswith("#")
    ]
    if not numbered:
        raise ImportRejected([Problem("import.error.empty")])
    (_, header), body = numbered[0], numbered[1:]
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
    a ``_row`` column holding each row's number in the spreadsheet.
    """
    if len(data) > MAX_BYTES:
        raise ImportRejected([Problem("import.error.too_large", fields={"limit_mb": MAX_BYTES // (1024 * 1024)})])
    if not data.strip():
        raise ImportRejected([Problem("import.error.empty")])
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    return _read_csv(data)


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
