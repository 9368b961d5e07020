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

# Limits on a file, stated in the README and in the messages. With them any file is read or
# refused within a few seconds and a few hundred MB, whatever it claims or unpacks to.
MAX_BYTES = 5 * 1024 * 1024  # 5 MB as uploaded
MAX_ROWS = 100_000  # rows of data below the header (a quarter of every collectivity by sex fits)
MAX_BLANK_ROWS = 10_000  # blank and comment rows allowed besides
MAX_COLUMNS = 50
MAX_CELL_CHARS = 2_000
MAX_UNPACKED_BYTES = 120 * 2**20  # a workbook's parts once unzipped, all together
MAX_SHEET_PART_BYTES = 100 * 2**20  # one sheet (streamed, never held whole)
MAX_OTHER_PART_BYTES = 20 * 2**20  # shared strings, styles: held in memory by the reader
MAX_PARTS = 1_000
XLSX_MAGIC = b"PK\x03\x04"
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
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
        # Counts and limits in the language's number format; the user's own text stays as written.
        fields = {k: i18n.number(lang, v) if type(v) is int and k != "value" else v for k, v in self.fields.items()}
        reason = i18n.t(lang, self.key, **fields)
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
    """UTF-8 (with or without BOM), else Windows-1256 (Arabic Excel) or Windows-1252 (French Excel).

    A file that is UTF-8 but for a few bad bytes (a damaged copy, two files pasted together) is
    refused with the line of the first bad byte: guessing another encoding would garble its
    Arabic without a word.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data.decode("utf-8", errors="replace").count("\ufffd")
        if len(_UTF8_SEQUENCE.findall(data)) > bad:
            line = data.count(b"\n", 0, exc.start) + 1
            raise ImportRejected([Problem("import.error.bad_utf8", row=line, fields={"line": line})]) from None
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


class _Bounds:
    """Counts rows as they stream in and refuses a file past the limits, naming the row and column."""

    def __init__(self) -> None:
        self.data_rows = 0

    def row(self, number: int, values: list[Any]) -> list[Any] | None:
        """The row's values, or None for a blank or comment row; ImportRejected past a limit."""
        if number > MAX_ROWS + MAX_BLANK_ROWS:
            raise ImportRejected([Problem("import.error.too_many_rows", row=number, fields={"limit": MAX_ROWS})])
        if len(values) > MAX_COLUMNS:
            while values and (values[-1] is None or values[-1] == ""):
                values.pop()
            if len(values) > MAX_COLUMNS:
                raise ImportRejected(
                    [Problem("import.error.too_many_columns", row=number, column=_column_letter(len(values)),
                             fields={"limit": MAX_COLUMNS})]
                )  # fmt: skip
        for index, value in enumerate(values):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise ImportRejected(
                    [Problem("import.error.cell_too_long", row=number, column=_column_letter(index + 1),
                             fields={"limit": MAX_CELL_CHARS})]
                )  # fmt: skip
        if not any(str(v).strip() for v in values if v is not None) or str(values[0]).lstrip().startswith("#"):
            return None
        self.data_rows += 1
        if self.data_rows > MAX_ROWS + 1:  # the header and MAX_ROWS rows below it
            raise ImportRejected([Problem("import.error.too_many_rows", row=number, fields={"limit": MAX_ROWS})])
        return values


def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _read_csv(data: bytes) -> pd.DataFrame:
    if _looks_binary(data):
        raise ImportRejected([Problem("import.error.not_table")])
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")), None)
    if first is None:
        raise ImportRejected([Problem("import.error.empty")])
    separator = max([";", ",", "\t"], key=first.count)
    if first.count(separator) == 0:
        separator = ","
    bounds = _Bounds()
    rows: list[tuple[int, list[Any]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        for values in reader:
            kept = bounds.row(reader.line_num, values)
            if kept is not None:
                rows.append((reader.line_num, kept))
    except csv.Error:
        raise ImportRejected([Problem("import.error.not_table")]) from None
    return _frame_from_rows(rows)


def _check_xlsx_parts(data: bytes) -> None:
    """Refuse a workbook whose parts would unpack past the limits, before anything is unpacked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportRejected([Problem("import.error.not_table")]) from None
    total = 0
    for part in parts:
        total += part.file_size
        limit = MAX_SHEET_PART_BYTES if part.filename.startswith("xl/worksheets/") else MAX_OTHER_PART_BYTES
        if part.file_size > limit or total > MAX_UNPACKED_BYTES or len(parts) > MAX_PARTS:
            raise ImportRejected(
                [Problem("import.error.unpacks_too_large", fields={"limit_mb": MAX_UNPACKED_BYTES // 2**20})]
            )


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?([A-Z]+)(\d+)"')


def _read_xlsx(data: bytes) -> pd.DataFrame:
    # openpyxl's reader is used for the workbook's structure, shared strings and styles (bounded by
    # _check_xlsx_parts), not for the sheet: its worksheet object scans a whole sheet that lacks a
    # size, and its row iterator pads every row to the declared (or widest) column and fills
    # missing rows (two cells claiming A1:XFD1048576 become 17 billion). Its parser yields only
    # the cells present, which are checked against the limits as they stream in.
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.worksheet._reader import WorkSheetParser

    _check_xlsx_parts(data)
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = [rel.target for _, rel in reader.parser.find_sheets() if rel.target in reader.valid_files]
    except Exception:  # openpyxl raises many kinds on a damaged workbook; none may reach the user
        raise ImportRejected([Problem("import.error.not_table")]) from None
    if not sheets:
        raise ImportRejected([Problem("import.error.empty")])
    book = reader.wb
    bounds = _Bounds()
    rows: list[tuple[int, list[Any]]] = []
    try:
        with reader.archive.open(sheets[0]) as source:
            _check_declared_size(source.read(64 * 1024))
        with reader.archive.open(sheets[0]) as source:
            parser = WorkSheetParser(
                source, reader.shared_strings, data_only=True, epoch=book.epoch,
                date_formats=book._date_formats, timedelta_formats=book._timedelta_formats,
            )  # fmt: skip
            for number, cells in parser.parse():
                kept = bounds.row(number, _sheet_row(number, cells))
                if kept is not None:
                    rows.append((number, kept))
    except ImportRejected:
        raise
    except Exception:
        raise ImportRejected([Problem("import.error.not_table")]) from None
    finally:
        reader.archive.close()
    return _frame_from_rows(rows)


def _check_declared_size(head: bytes) -> None:
    """The size a sheet declares is only a claim, but a claim past the limits is refused at once."""
    found = _DIMENSION.search(head)
    if not found:
        return
    letters, last_row = found.group(1).decode(), int(found.group(2))
    columns = 0
    for letter in letters:
        columns = columns * 26 + ord(letter) - 64
    if last_row > MAX_ROWS + MAX_BLANK_ROWS or columns > MAX_COLUMNS:
        raise ImportRejected(
            [Problem("import.error.declared_too_large",
                     fields={"rows": last_row, "columns": columns, "max_rows": MAX_ROWS, "max_columns": MAX_COLUMNS})]
        )  # fmt: skip


def _sheet_row(number: int, cells: list[dict[str, Any]]) -> list[Any]:
    """A sheet row's values from the cells present, refused if one lies past ``MAX_COLUMNS``."""
    present = [cell for cell in cells if cell["value"] is not None and cell["value"] != ""]
    width = max((cell["column"] for cell in present), default=0)
    if width > MAX_COLUMNS:
        raise ImportRejected(
            [Problem("import.error.too_many_columns", row=number, column=_column_letter(width),
                     fields={"limit": MAX_COLUMNS})]
        )  # fmt: skip
    values: list[Any] = [""] * width
    for cell in present:
        values[cell["column"] - 1] = cell["value"]
    return values


def _frame_from_rows(rows: list[tuple[int, list[Any]]]) -> pd.DataFrame:
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
    a ``_row`` column holding each row's number in the spreadsheet. Files past the limits
    (``MAX_BYTES``, ``MAX_ROWS``, ``MAX_COLUMNS``, ``MAX_CELL_CHARS``, the unpacked size of a
    workbook) are refused while reading, before they cost memory.
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
