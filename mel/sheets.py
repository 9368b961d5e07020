"""A file's first sheet as rows of cells, read within stated limits whatever the file claims.

The limits are stated in the README and in the messages. With them any file up to the limits is
read or refused within a few seconds and a few hundred MB: a CSV is decoded and split by the
standard library; a workbook's parts are checked for their unpacked size before anything is
unpacked, the size its sheet declares before any row is read, and its rows are streamed with a
lean parser that counts every cell element, so that a file cannot make the reader work past
the budget by padding (openpyxl's own row iterator fills rows up to the declared width and
fills missing rows: two cells claiming A1:XFD1048576 become 17 billion).
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from contextlib import suppress
from dataclasses import replace
from itertools import chain, islice
from typing import Any
from xml.parsers.expat import ExpatError, ParserCreate

from mel.problems import ImportRejected, Problem

MAX_BYTES = 5 * 1024 * 1024  # 5 MB as uploaded
MAX_ROWS = 100_000  # rows of data below the header (a quarter of every collectivity by sex fits)
MAX_BLANK_ROWS = 10_000  # blank and comment rows allowed besides
MAX_COLUMNS = 50
MAX_CELLS = 1_000_000  # cells in all (10 columns of 100,000 rows), empty ones included
MAX_CELL_CHARS = 2_000
MAX_UNPACKED_BYTES = 100 * 2**20  # a workbook's parts once unzipped, all together
MAX_SHEET_PART_BYTES = 64 * 2**20  # one sheet
MAX_STRINGS_PART_BYTES = 10 * 2**20  # the shared strings, held in memory while the sheet is read
MAX_OTHER_PART_BYTES = 2 * 2**20  # styles, workbook, relationships: read whole by openpyxl
MAX_PARTS = 1_000
_CHUNK_ROWS = 4_096  # CSV rows checked together
# XML tags in a sheet or the shared strings, counted before parsing: what bounds the parser's time
# (a cell is four tags, <c><v></v></c>, or six as an inline string).
MAX_TAGS = 4 * MAX_CELLS + 2 * (MAX_ROWS + MAX_BLANK_ROWS)
XLSX_MAGIC = b"PK\x03\x04"
_MB_UNPACKED = MAX_UNPACKED_BYTES // 2**20

Rows = list[tuple[int, list[Any]]]  # (row number in the sheet, cell values), data rows only

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_LATIN_ACCENTED = re.compile(r"[àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ]")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?([A-Z]+)(\d+)"')
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d*)")
_SHEET_NAME = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"')


def read_rows(data: bytes) -> Rows:
    """The data rows of a CSV or XLSX file's first sheet (header first); ImportRejected otherwise."""
    if len(data) > MAX_BYTES:
        raise ImportRejected([Problem("import.error.too_large", fields={"limit_mb": MAX_BYTES // (1024 * 1024)})])
    if not data.strip():
        raise ImportRejected([Problem("import.error.empty")])
    return _xlsx_rows(data) if data.startswith(XLSX_MAGIC) else _csv_rows(data)


class _Bounds:
    """Counts rows and cells as they stream in and refuses a file past the limits, naming the row and column."""

    def __init__(self, cells: int = 0) -> None:
        self.data_rows = 0
        self.cells = cells  # cells already read in the file's earlier sheets
        self.kept: Rows = []

    def cell(self, number: int, count: int = 1) -> None:
        """Count ``count`` cells (empty or not) of row ``number``."""
        self.cells += count
        if self.cells > MAX_CELLS:
            raise ImportRejected([Problem("import.error.too_many_cells", row=number, fields={"n": MAX_CELLS})])

    def row(self, number: int, values: list[Any]) -> None:
        """Keep the row unless it is blank or a comment; ImportRejected past a limit."""
        if number > MAX_ROWS + MAX_BLANK_ROWS:
            raise ImportRejected([Problem("import.error.too_many_rows", row=number, fields={"n": MAX_ROWS})])
        while values and (values[-1] is None or values[-1] == ""):
            values.pop()
        if len(values) > MAX_COLUMNS:
            raise ImportRejected(
                [Problem("import.error.too_many_columns", row=number, column=column_letters(len(values)),
                         fields={"limit": MAX_COLUMNS})]
            )  # fmt: skip
        for index, value in enumerate(values):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise ImportRejected(
                    [Problem("import.error.cell_too_long", row=number, column=column_letters(index + 1),
                             fields={"n": MAX_CELL_CHARS})]
                )  # fmt: skip
        if not any(str(v).strip() for v in values if v is not None) or str(values[0]).lstrip().startswith("#"):
            return
        self.data_rows += 1
        if self.data_rows > MAX_ROWS + 1:  # the header and MAX_ROWS rows below it
            raise ImportRejected([Problem("import.error.too_many_rows", row=number, fields={"n": MAX_ROWS})])
        self.kept.append((number, values))

    def text_rows(self, reader: Any) -> bool:
        """Keep a CSV reader's rows, checked a chunk at a time; False at the first chunk past a limit.

        The checks of ``cell`` and ``row`` over many rows at once, for what nearly every file
        is: within the limits. Past one, nothing more is kept and the caller reads the file again
        row by row, to name the first row at fault.
        """
        while chunk := [(reader.line_num, values) for values in islice(reader, _CHUNK_ROWS)]:
            rows = [values for _, values in chunk]
            cells = self.cells + sum(map(len, rows))  # empty cells count, trailing ones too
            for values in rows:
                while values and not values[-1]:
                    values.pop()
            if (
                cells > MAX_CELLS
                or chunk[-1][0] > MAX_ROWS + MAX_BLANK_ROWS
                or max(map(len, rows)) > MAX_COLUMNS
                or max(map(len, chain.from_iterable(rows)), default=0) > MAX_CELL_CHARS
            ):
                return False
            # Neither blank (its last cell is not empty: a blank row is spaces only) nor a comment.
            kept = [
                (n, v)
                for n, v in chunk
                if v
                and (not v[-1].isspace() or not "".join(v).isspace())
                and ("#" not in v[0] or not v[0].lstrip().startswith("#"))
            ]
            if self.data_rows + len(kept) > MAX_ROWS + 1:
                return False
            self.cells, self.data_rows = cells, self.data_rows + len(kept)
            self.kept.extend(kept)
        return True


def column_letters(number: int) -> str:
    """A column's letters from its number (1 is A, 27 is AA)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


# ---- CSV ----------------------------------------------------------------------------------------------


def decode(data: bytes) -> str:
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


def _csv_rows(data: bytes, bounds: _Bounds | None = None) -> Rows:
    if _looks_binary(data):
        raise ImportRejected([Problem("import.error.not_table")])
    text = decode(data)
    first = next((line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")), None)
    if first is None:
        raise ImportRejected([Problem("import.error.empty")])
    separator = max([";", ",", "\t"], key=first.count)
    if first.count(separator) == 0:
        separator = ","
    bounds = bounds or _Bounds()
    before = bounds.cells, bounds.data_rows, len(bounds.kept)
    with suppress(csv.Error):  # read again below, to be refused where it happens
        if bounds.text_rows(csv.reader(io.StringIO(text, newline=""), delimiter=separator)):
            return bounds.kept
    # Past a limit or damaged: row by row, to name the first row at fault.
    bounds.cells, bounds.data_rows, bounds.kept = before[0], before[1], bounds.kept[: before[2]]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        for values in reader:
            bounds.cell(reader.line_num, len(values))
            bounds.row(reader.line_num, values)
    except csv.Error:
        raise ImportRejected([Problem("import.error.not_table")]) from None
    return bounds.kept


# ---- XLSX ---------------------------------------------------------------------------------------------


def _check_parts(data: bytes) -> None:
    """Refuse a workbook whose parts unpack past the limits, before openpyxl reads any of them.

    Each part is unpacked in small chunks and counted: the sizes a ZIP declares may lie, and
    Python's zipfile unpacks up to 2 GB at once when asked for a whole part.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise ImportRejected([Problem("import.error.unpacks_too_large", fields={"limit_mb": _MB_UNPACKED})])
        total = 0
        for part in parts:
            limit = _part_limit(part.filename)
            size = 0
            with archive.open(part) as stream:
                while chunk := stream.read(2**20):
                    size += len(chunk)
                    total += len(chunk)
                    if size > limit or total > MAX_UNPACKED_BYTES:
                        raise ImportRejected(
                            [Problem("import.error.unpacks_too_large", fields={"limit_mb": _MB_UNPACKED})]
                        )
    except ImportRejected:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise ImportRejected([Problem("import.error.not_table")]) from None


def _part_limit(name: str) -> int:
    if name.startswith("xl/worksheets/"):
        return MAX_SHEET_PART_BYTES
    if name.lower().endswith("sharedstrings.xml"):
        return MAX_STRINGS_PART_BYTES
    return MAX_OTHER_PART_BYTES


def _check_declared_size(head: bytes) -> None:
    """The size a sheet declares is only a claim, but a claim past the limits is refused at once."""
    found = _DIMENSION.search(head)
    if not found:
        return
    columns, last_row = _column_number(found.group(1).decode()), int(found.group(2))
    if last_row > MAX_ROWS + MAX_BLANK_ROWS or columns > MAX_COLUMNS:
        raise ImportRejected(
            [Problem("import.error.declared_too_large",
                     fields={"rows": last_row, "columns": columns, "max_rows": MAX_ROWS, "max_columns": MAX_COLUMNS})]
        )  # fmt: skip


def _xlsx_rows(data: bytes) -> Rows:
    return _xlsx_sheets(data, first_only=True)[0][1]


def _xlsx_sheets(data: bytes, first_only: bool = False, checked: bool = False) -> list[tuple[str, Rows]]:
    # openpyxl reads the workbook's structure, shared strings and styles (bounded by _check_parts);
    # each sheet itself is streamed here.
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.xml.constants import SHARED_STRINGS

    if not checked:
        _check_parts(data)
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = [
            (sheet.name, rel.target) for sheet, rel in reader.parser.find_sheets() if rel.target in reader.valid_files
        ]
        strings_part = reader.package.find(SHARED_STRINGS)
    except Exception:  # openpyxl raises many kinds on a damaged workbook; none may reach the user
        raise ImportRejected([Problem("import.error.not_table")]) from None
    if not sheets:
        raise ImportRejected([Problem("import.error.empty")])
    book = reader.wb
    found: list[tuple[str, Rows]] = []
    cells = 0
    name = sheets[0][0]
    try:
        strings: list[str] = []
        if strings_part is not None:
            strings = _shared_strings(_part(reader.archive, strings_part.PartName[1:]))
        for name, target in sheets[:1] if first_only else sheets:
            bounds = _Bounds(cells)
            sheet = _part(reader.archive, target)
            _check_declared_size(sheet[: 64 * 1024])
            _SheetParser(bounds, _CellReader(strings, set(book._date_formats), book.epoch)).parse(sheet)
            found.append((name, bounds.kept))
            cells = bounds.cells
    except ImportRejected as rejected:
        if first_only:
            raise
        raise ImportRejected([replace(p, sheet=p.sheet or name) for p in rejected.problems]) from None
    except (ExpatError, ValueError, IndexError, KeyError, OverflowError, zipfile.BadZipFile):
        raise ImportRejected([Problem("import.error.not_table")]) from None
    finally:
        reader.archive.close()
    return found


def read_sheets(data: bytes) -> list[tuple[str, Rows]]:
    """Every sheet of a workbook (XLSX, or a ZIP of CSV files, one per sheet) with its name.

    The limits of a single table apply to the whole file (cells are counted across sheets);
    a problem names its sheet. A single CSV file is one sheet with no name.
    """
    if len(data) > MAX_BYTES:
        raise ImportRejected([Problem("import.error.too_large", fields={"limit_mb": MAX_BYTES // (1024 * 1024)})])
    if not data.strip():
        raise ImportRejected([Problem("import.error.empty")])
    if not data.startswith(XLSX_MAGIC):
        return [("", _csv_rows(data))]
    _check_parts(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        if "xl/workbook.xml" in names:
            return _xlsx_sheets(data, checked=True)
        found: list[tuple[str, Rows]] = []
        cells = 0
        for member in sorted(n for n in names if n.lower().endswith(".csv") and not n.startswith("__MACOSX")):
            name = member.rsplit("/", 1)[-1][:-4]
            try:
                bounds = _Bounds(cells)
                found.append((name, _csv_rows(archive.read(member), bounds)))
                cells = bounds.cells
            except ImportRejected as rejected:
                raise ImportRejected([replace(p, sheet=name) for p in rejected.problems]) from None
    if not found:
        raise ImportRejected([Problem("import.error.not_table")])
    return found


def sheet_names(data: bytes) -> list[str]:
    """The names of a workbook's sheets (or of the CSV files in a ZIP), read without reading any sheet.

    Empty for a CSV file or anything unreadable: the full read then says what is wrong.
    """
    if not data.startswith(XLSX_MAGIC) or len(data) > MAX_BYTES:
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "xl/workbook.xml" not in names:
                return [n.rsplit("/", 1)[-1][:-4] for n in names if n.lower().endswith(".csv")]
            with archive.open("xl/workbook.xml") as stream:
                xml = stream.read(MAX_OTHER_PART_BYTES + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return []
    if len(xml) > MAX_OTHER_PART_BYTES:
        return []
    return [html.unescape(m.decode("utf-8", "replace")) for m in _SHEET_NAME.findall(xml)]


def _part(archive: zipfile.ZipFile, name: str) -> bytes:
    """A part's XML, refused if it holds more tags than the parser may spend time on."""
    xml = archive.read(name)
    if xml.count(b"<") > MAX_TAGS:
        raise ImportRejected([Problem("import.error.too_many_cells", fields={"n": MAX_CELLS})])
    return xml


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _shared_strings(xml: bytes) -> list[str]:
    """The workbook's shared strings (rich text joined, phonetic guides left out)."""
    strings: list[str] = []
    parts: list[str] = []
    state = {"capture": False, "phonetic": False}

    def start(name: str, _attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "si":
            parts.clear()
        elif tag == "rPh":
            state["phonetic"] = True
        elif tag == "t" and not state["phonetic"]:
            state["capture"] = True

    def end(name: str) -> None:
        tag = _local(name)
        if tag == "t":
            state["capture"] = False
        elif tag == "rPh":
            state["phonetic"] = False
        elif tag == "si":
            strings.append("".join(parts).replace("_x005F_", "_"))

    def text(data: str) -> None:
        if state["capture"]:
            parts.append(data)

    parser = ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    parser.Parse(xml, True)
    return strings


class _SheetParser:
    """A sheet's rows pushed to ``bounds`` as expat reads them: no tree is built, memory stays one row.

    Each cell element is counted, even an empty one; one lying far right is refused at once.
    """

    def __init__(self, bounds: _Bounds, cells: _CellReader) -> None:
        self.bounds, self.cells = bounds, cells
        self.number = self.column = 0
        self.values: dict[int, Any] = {}
        self.kind, self.style = "n", ""
        self.parts: list[str] = []
        self.capture = self.phonetic = False

    def parse(self, xml: bytes) -> None:
        parser = ParserCreate()
        parser.StartElementHandler, parser.EndElementHandler = self.start, self.end
        parser.CharacterDataHandler = self.text
        parser.buffer_text = True
        parser.Parse(xml, True)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "c":
            self.bounds.cell(self.number)
            ref = _CELL_REF.match(attrs.get("r", ""))
            self.column = _column_number(ref.group(1)) if ref else self.column + 1
            if self.column > 2 * MAX_COLUMNS:  # even empty: nothing that far right is read
                self._too_wide()
            self.kind, self.style = attrs.get("t", "n"), attrs.get("s", "")
            self.parts = []
        elif tag == "v" or (tag == "t" and not self.phonetic):
            self.capture = True
        elif tag == "rPh":
            self.phonetic = True
        elif tag == "row":
            number = attrs.get("r", "")
            self.number = int(number) if number.isdigit() else self.number + 1
            self.column, self.values = 0, {}

    def end(self, name: str) -> None:
        tag = _local(name)
        if tag in ("v", "t"):
            self.capture = False
        elif tag == "rPh":
            self.phonetic = False
        elif tag == "c":
            value = self.cells.value(self.kind, self.style, "".join(self.parts) if self.parts else None)
            if value is not None and value != "":
                if self.column > MAX_COLUMNS:
                    self._too_wide()
                self.values[self.column] = value
        elif tag == "row":
            row: list[Any] = [""] * max(self.values, default=0)
            for position, value in self.values.items():
                row[position - 1] = value
            self.bounds.row(self.number, row)

    def text(self, data: str) -> None:
        if self.capture:
            self.parts.append(data)

    def _too_wide(self) -> None:
        raise ImportRejected(
            [Problem("import.error.too_many_columns", row=self.number, column=column_letters(self.column),
                     fields={"limit": MAX_COLUMNS})]
        )  # fmt: skip


class _CellReader:
    """A cell's value from its type, style and text, as openpyxl would give it (numbers, text, dates)."""

    def __init__(self, shared_strings: list[str], date_styles: set[int], epoch: Any) -> None:
        self.shared_strings = shared_strings
        self.date_styles = date_styles
        self.epoch = epoch

    def value(self, kind: str, style: str, text: str | None) -> Any:
        if text is None:
            return None
        if kind == "s":
            return self.shared_strings[int(text)]
        if kind in ("inlineStr", "str", "e"):
            return text
        if kind == "b":
            return text.strip() == "1"
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(text)
        number: float | int = int(text) if text.lstrip("-").isdigit() else float(text)
        if style and int(style) in self.date_styles:
            from openpyxl.utils.datetime import from_excel

            return from_excel(number, self.epoch)
        return number
