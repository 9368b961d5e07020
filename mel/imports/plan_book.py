"""Reading a plan workbook: its sheets as raw tables, and the checker that names each problem's
sheet, row and column (the checks themselves are in ``plan_checks``). Nothing here writes.

``read_book`` turns the file (XLSX, or a ZIP of one CSV per sheet) into raw tables keyed by
sheet kind; ``plan_checks.check_book`` turns those into a ``PlanDraft``, the plan as it would be
written, or raises ImportRejected with every problem found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mel.imports.cells import ImportRejected, Problem, cell_text, parse_count, parse_date, parse_number
from mel.imports.plan_format import (
    COLUMNS,
    NOTES,
    REQUIRED,
    SHEETS,
    column_of,
    sheet_kind,
    vocabulary_code,
    yes_no,
)
from mel.sheets import read_sheets

TITLES = ("title_ar", "title_fr", "title_en")


@dataclass
class Sheet:
    """One sheet as read: its name as the user wrote it, headers as written, and its rows."""

    kind: str
    name: str
    headers: dict[str, str]  # canonical column -> the header as written
    rows: list[tuple[int, dict[str, Any]]]  # (row number, canonical column -> raw cell)


@dataclass
class PlanDraft:
    """A checked plan, as it would be written: plain values, one dict per row."""

    plan: dict[str, Any]
    axes: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    milestones: list[dict[str, Any]]
    targets: list[dict[str, Any]] | None  # None: no targets sheet, the member's targets stay as they are
    ieecag: list[dict[str, Any]] | None
    warnings: list[Problem] = field(default_factory=list)

    @property
    def member_code(self) -> str:
        return str(self.plan["member_code"])

    @property
    def cycle(self) -> int:
        return int(self.plan["cycle"])


@dataclass(frozen=True)
class BookContext:
    """What the checks need from the database: members, indicators and their units."""

    members: frozenset[str]
    indicators: dict[str, tuple[str, bool]]  # code -> (unit, by_sex)


def read_book(data: bytes) -> dict[str, Sheet]:
    """The plan workbook's sheets, by kind; ImportRejected if it has no plan sheet."""
    found: dict[str, Sheet] = {}
    problems: list[Problem] = []
    for name, rows in read_sheets(data):
        kind = sheet_kind(name)
        if kind is None or kind == NOTES or not rows:
            continue
        if kind in found:
            problems.append(Problem("plan_book.error.sheet_twice", sheet=name, fields={"first": found[kind].name}))
            continue
        (_, header), body = rows[0], rows[1:]
        headers: dict[str, str] = {}
        positions: dict[int, str] = {}
        for index, written in enumerate(header):
            column = column_of(kind, written) if cell_text(written) else None
            if column is not None and column not in headers:
                headers[column] = cell_text(written)
                positions[index] = column
        missing = [c for c in REQUIRED[kind] if c not in headers]
        problems.extend(Problem("import.error.missing_column", column=c, sheet=name) for c in missing)
        records = [
            (number, {positions[i]: v for i, v in enumerate(values) if i in positions}) for number, values in body
        ]
        found[kind] = Sheet(kind, name, headers, records)
    if "plan" not in found:
        problems.append(Problem("plan_book.error.no_plan_sheet", fields={"sheets": ", ".join(SHEETS)}))
    if problems:
        raise ImportRejected(problems)
    return found


def book_from_rows(rows: dict[str, list[dict[str, Any]]]) -> dict[str, Sheet]:
    """A plan workbook from rows already in the canonical columns (the demo generator's books):
    the same checks then apply as to a file."""
    return {
        kind: Sheet(kind, kind, {c: c for c in COLUMNS[kind]}, [(n, r) for n, r in enumerate(records, start=2)])
        for kind, records in rows.items()
    }


class SheetChecker:
    """Collects problems for one sheet, naming the column as the user wrote it."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.problems: list[Problem] = []

    def problem(self, key: str, row: int | None, column: str | None, **fields: Any) -> None:
        header = self.sheet.headers.get(column, column) if column else None
        self.problems.append(Problem(key, row, header, fields, sheet=self.sheet.name))

    def errors(self) -> int:
        """How many problems so far are errors (not warnings)."""
        return sum(1 for p in self.problems if not p.key.startswith("plan_book.warning."))

    def text(self, record: dict[str, Any], column: str) -> str | None:
        return cell_text(record.get(column)) or None

    def required(self, row: int, record: dict[str, Any], column: str) -> bool:
        if cell_text(record.get(column)):
            return True
        self.problem("plan_book.error.required", row, column)
        return False

    def day(self, row: int, record: dict[str, Any], column: str) -> date | None:
        text = cell_text(record.get(column))
        if not text:
            return None
        value = parse_date(record[column])
        if value is None:
            self.problem("import.error.invalid_date", row, column, value=text)
        return value

    def whole(self, row: int, record: dict[str, Any], column: str, positive: bool = False) -> int | None:
        text = cell_text(record.get(column))
        if not text:
            return None
        value = parse_count(record[column])
        if value is None:
            self.problem("import.error.not_a_count", row, column, value=text)
        elif value < (1 if positive else 0):
            self.problem(
                "plan_book.error.not_positive" if positive else "import.error.negative_count", row, column, value=text
            )
            return None
        return value

    def amount(self, row: int, record: dict[str, Any], column: str) -> float | None:
        text = cell_text(record.get(column))
        if not text:
            return None
        value = parse_number(record[column])
        if value is None:
            self.problem("import.error.not_a_number", row, column, value=text)
        return value

    def word(self, row: int, record: dict[str, Any], column: str, vocabulary: str) -> str | None:
        text = cell_text(record.get(column))
        if not text:
            return None
        code = vocabulary_code(vocabulary, text)
        if code is None:
            self.problem(f"plan_book.error.unknown_{vocabulary}", row, column, value=text)
        return code

    def flag(self, row: int, record: dict[str, Any], default: bool) -> bool:
        text = cell_text(record.get("demo"))
        if not text:
            return default
        value = yes_no(record["demo"])
        if value is None:
            self.problem("plan_book.error.not_yes_no", row, "demo", value=text)
            return default
        return value

    def order(self, row: int, earlier: tuple[str, date | None], later: tuple[str, date | None]) -> None:
        (first, a), (second, b) = earlier, later
        if a is not None and b is not None and a > b:
            self.problem(
                "plan_book.error.date_order",
                row,
                second,
                value=b.isoformat(),
                before=self.sheet.headers.get(first, first),
                first=a.isoformat(),
            )

    def titles(self, row: int, record: dict[str, Any]) -> dict[str, str | None]:
        titles = {c: self.text(record, c) for c in TITLES}
        if not any(titles.values()):
            self.problem("plan_book.error.no_title", row, None)
        return titles


__all__ = ["COLUMNS", "TITLES", "BookContext", "PlanDraft", "Sheet", "SheetChecker", "book_from_rows", "read_book"]
