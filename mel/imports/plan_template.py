"""The plan workbook written out: empty with its notes, or a member's current plan, ready to edit.

Sheet names, headers, statuses, principles and yes/no are written in the user's language (an
Arabic workbook reads right to left); any of the three languages reads back in. Exported and
re-imported unchanged, a workbook changes nothing.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from mel import i18n, sql
from mel.db import Reader
from mel.imports.plan_format import (
    COLUMNS,
    NOTES,
    PLAN_STATUSES,
    PROJECT_STATUSES,
    REQUIRED,
    SHEETS,
    header_label,
    sheet_label,
)
from mel.imports.plan_store import rows_of

NOTE_KEYS = ("intro", "sheets", "plan", "axes", "projects", "milestones", "targets", "ieecag", "dates", "words",
             "whole", "demo", "import")  # fmt: skip
VOCABULARY_OF = {("plan", "status"): "plan_status", ("projects", "status"): "project_status"}
WIDE = {"title_ar", "title_fr", "title_en", "aim_ar", "aim_fr", "aim_en", "lead_service", "principles", "source",
        "focal_point_name", "focal_point_email"}  # fmt: skip
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
Rows = dict[str, list[dict[str, Any]]]


def plan_rows(reader: Reader, member: str, cycle: int | None = None) -> Rows:
    """A member's current plan (its latest cycle unless ``cycle``), targets and IEECAG records, as workbook rows."""
    key = {"member": member, "cycle": cycle}
    plan = reader.df("plan/workbook_plan", key)
    if plan.empty:
        return {}
    plan_id = int(plan["plan_id"].iloc[0])
    rows: Rows = {"plan": rows_of(plan.drop(columns=["plan_id"]))}
    for sheet in ("axes", "projects", "milestones"):
        rows[sheet] = rows_of(reader.df(f"plan/workbook_{sheet}", {"plan": plan_id}))
    rows["targets"] = rows_of(reader.df("plan/workbook_targets", {"member": member}))
    rows["ieecag"] = rows_of(reader.df("plan/workbook_ieecag", {"member": member}))
    return rows


def _shown(lang: str, sheet: str, column: str, value: Any) -> Any:
    """A value as the workbook shows it in ``lang``: labels for codes, yes/no for flags."""
    if value is None:
        return None
    vocabulary = VOCABULARY_OF.get((sheet, column))
    if vocabulary:
        return i18n.t(lang, f"{vocabulary}.{value}")
    if column == "principles":
        return _separator(lang).join(i18n.t(lang, f"principle.{p}") for p in value)
    if isinstance(value, bool):
        return i18n.t(lang, "plan_book.yes" if value else "plan_book.no")
    return value


def _separator(lang: str) -> str:
    """Between the items of a list: the Arabic comma in Arabic (both are read back)."""
    return "، " if i18n.is_rtl(lang) else ", "


def workbook_bytes(lang: str, rows: Rows | None = None) -> bytes:
    """The plan workbook in ``lang``: a notes sheet, then one sheet per part, filled with ``rows`` if given."""
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = sheet_label(lang, NOTES)
    _write_notes(notes, lang)
    for sheet in SHEETS:
        ws = book.create_sheet(sheet_label(lang, sheet))
        ws.sheet_view.rightToLeft = i18n.is_rtl(lang)
        columns = COLUMNS[sheet]
        ws.append([header_label(lang, c) for c in columns])
        for index, column in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=index)
            cell.font = Font(bold=column in REQUIRED[sheet])
            cell.fill = HEADER_FILL
            ws.column_dimensions[get_column_letter(index)].width = 40 if column in WIDE else 18
        ws.freeze_panes = "A2"
        for record in (rows or {}).get(sheet, []):
            ws.append([_shown(lang, sheet, c, record.get(c)) for c in columns])
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text a user typed, never a formula a spreadsheet would run
        for (vocab_sheet, column), vocabulary in VOCABULARY_OF.items():
            if vocab_sheet == sheet:
                codes = PLAN_STATUSES if vocabulary == "plan_status" else PROJECT_STATUSES
                _choices(ws, columns.index(column) + 1, [i18n.t(lang, f"{vocabulary}.{c}") for c in codes])
        _choices(ws, columns.index("demo") + 1, [i18n.t(lang, "plan_book.yes"), i18n.t(lang, "plan_book.no")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _choices(ws: Worksheet, column: int, labels: list[str]) -> None:
    """A drop-down of the vocabulary's labels on a column (other words in any language are still read)."""
    letter = get_column_letter(column)
    check = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True, showErrorMessage=False)
    ws.add_data_validation(check)
    check.add(f"{letter}2:{letter}2000")


def _write_notes(ws: Worksheet, lang: str) -> None:
    ws.sheet_view.rightToLeft = i18n.is_rtl(lang)
    ws.column_dimensions["A"].width = 120
    ws.append([i18n.t(lang, "plan_book.notes.title")])
    ws["A1"].font = Font(bold=True, size=14)
    for key in NOTE_KEYS:
        fields = {
            "plan_statuses": _separator(lang).join(i18n.t(lang, f"plan_status.{c}") for c in PLAN_STATUSES),
            "project_statuses": _separator(lang).join(i18n.t(lang, f"project_status.{c}") for c in PROJECT_STATUSES),
            "principles": _separator(lang).join(i18n.t(lang, f"principle.{p}") for p in
                                    ("transparency", "access_to_information", "participation", "digitalisation",
                                     "gender")),
            **{f"sheet_{s}": sheet_label(lang, s) for s in SHEETS},
        }  # fmt: skip
        ws.append([i18n.t(lang, f"plan_book.notes.{key}", **fields)])
        ws.cell(row=ws.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")


def export_workbooks(reader: Reader, out_dir: Path, lang: str) -> list[Path]:
    """Every member's current plan, one workbook per member and cycle, in ``out_dir/plans``."""
    folder = out_dir / "plans"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for member, cycle in reader.cursor().execute(sql.load("plan/workbook_all_plans")).fetchall():
        path = folder / f"{member}-cycle-{cycle}.xlsx"
        path.write_bytes(workbook_bytes(lang, plan_rows(reader, member, int(cycle))))
        written.append(path)
    return written


def write_workbook(out: Path, lang: str, reader: Reader | None = None, member: str | None = None) -> Path:
    """Write the plan workbook to ``out``: empty, or ``member``'s current plan (ValueError if it has none)."""
    rows = None
    if member is not None:
        assert reader is not None
        rows = plan_rows(reader, member)
        if not rows:
            raise ValueError(f"{member} has no plan recorded")
    out.write_bytes(workbook_bytes(lang, rows))
    return out


__all__ = ["plan_rows", "workbook_bytes", "write_workbook"]
