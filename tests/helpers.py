"""Helpers shared by the tests."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import duckdb


def table_checksums(path: Path) -> dict[str, str]:
    """A checksum of every table's content, ordered, independent of physical layout."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [
            f"{s}.{t}"
            for s, t in con.execute(
                "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database()"
            ).fetchall()
        ]
        out = {}
        for table in sorted(tables):
            if table == "main.schema_migrations":
                rows = con.execute("SELECT version, name FROM schema_migrations ORDER BY ALL").fetchall()
            else:
                rows = con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            out[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
        return out
    finally:
        con.close()


def import_plan(path: Path, rows: dict[str, list[dict[str, object]]], today: date, lang: str = "fr") -> int:
    """Write a plan as a user would: a plan workbook (in ``lang``) through the plan import; the batch id."""
    from mel.auth import command_line
    from mel.imports import plans
    from mel.imports.plan_template import workbook_bytes

    return plans.commit(workbook_bytes(lang, rows), "plan.xlsx", command_line("test"), today, path)


def plan_rows(
    member: str, start: str, end: str, **sheets: list[dict[str, object]]
) -> dict[str, list[dict[str, object]]]:
    """A minimal plan (one axis unless given) for ``member``, adopted and in implementation."""
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    rows: dict[str, list[dict[str, object]]] = {
        "plan": [{"member_code": member, "cycle": 1, "status": "implementation", "co_created_on": first,
                  "adopted_on": first, "start_on": first, "end_on": last, "source": "test", "demo": False}],
        "axes": [{"axis": 1, "title_fr": "Axe", "title_ar": "محور", "title_en": "Axis", "principles": ["participation"],
                  "demo": False}],
    }  # fmt: skip
    rows.update(sheets)
    return rows
