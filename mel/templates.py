"""Import templates (CSV or XLSX) with headers, a line of instructions and real example rows."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from mel import sql
from mel.db import Reader
from mel.imports import COLUMNS, KINDS
from mel.metrics import last_complete_quarter

INSTRUCTIONS = {
    "observations": "# One value per row. period: 2024-Q3, 2024-09 or a date. sex: total, women or men "
    "(femmes/hommes, نساء/رجال). value: a number (decimal point or comma). Lines starting with # are ignored.",
    "participation": "# One event per row. held_on: 2024-03-02 or 02/03/2024. kind: co_creation_workshop, "
    "consultation, follow_up_committee or training. Counts are whole numbers. Lines starting with # are ignored.",
    "milestones": "# One milestone per row (milestone_id from the member's page). done_on: the date it was done, "
    "empty if it is not done. Lines starting with # are ignored.",
    "members": "# One new member per row. member_code: HCP code. kind: region, council or commune. "
    "joined_on: 2024-12-10. cohort: 1, 2, 3... Lines starting with # are ignored.",
}


def example_rows(kind: str, reader: Reader, today: date) -> list[list[object]]:
    """Example rows that use real codes from the database."""
    cur = reader.cursor()
    try:
        if kind == "members":
            rows = cur.execute(sql.load("data_in/template_new_communes")).fetchall()
            return [[code, level, today.isoformat(), 3] for code, level in rows]
        member = cur.execute(sql.load("data_in/template_example_member")).fetchone()
        code = member[0] if member else "04.281.01.01"
        if kind == "observations":
            period = last_complete_quarter(today)
            return [
                [code, "ATI-01", period, "total", 75.5, "registre des demandes", ""],
                [code, "PAR-03", period, "total", 120, "feuilles de présence", ""],
                [code, "PAR-03", period, "women", 48, "feuilles de présence", ""],
                [code, "PAR-03", period, "men", 72, "feuilles de présence", ""],
            ]
        if kind == "participation":
            return [[code, today.isoformat(), "consultation", "Consultation publique", 35, 50, 20, 6]]
        milestone = cur.execute(sql.load("data_in/template_example_milestone"), {"member": code}).fetchone()
        return [[code, milestone[0] if milestone else 1, today.isoformat(), ""]]
    finally:
        cur.close()


def template_bytes(kind: str, fmt: str, reader: Reader, today: date | None = None) -> bytes:
    """The template of ``kind`` as ``csv`` or ``xlsx`` bytes."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    rows = example_rows(kind, reader, today or date.today())
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write(INSTRUCTIONS[kind] + "\n")
        writer.writerow(COLUMNS[kind])
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = kind
        sheet.append([INSTRUCTIONS[kind]])
        sheet.append(COLUMNS[kind])
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    raise ValueError("format must be csv or xlsx")


def write_template(kind: str, out: Path, reader: Reader, today: date | None = None) -> Path:
    """Write the template to ``out``; the format follows its extension (.csv or .xlsx)."""
    fmt = out.suffix.lower().lstrip(".")
    out.write_bytes(template_bytes(kind, fmt, reader, today))
    return out
