"""Helpers shared by the tests."""

from __future__ import annotations

import hashlib
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

# The next observation id, in a test's own INSERT (ids are given by the inserting statement).
NEXT_OBSERVATION_ID = "(SELECT coalesce(max(observation_id), 0) + 1 FROM core.observations)"


def open_db(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the database ``path`` names: an embedded master file itself
    (not the snapshot readers see, so a write that changed it without publishing is caught), or
    a cursor on a lake."""
    from mel.db import Reader
    from mel.store import lake_for

    return duckdb.connect(str(path), read_only=True) if lake_for(path) is None else Reader(path).cursor()


def table_checksums(path: Path) -> dict[str, str]:
    """A checksum of every table's content, ordered, independent of physical layout."""
    con = open_db(path)
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


class _TableParser(HTMLParser):
    """The cells of the HTML tables ``ui.table`` draws, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def shown_tables(at: Any) -> list[pd.DataFrame]:
    """Every table a page run by AppTest shows, as text cells under its headers."""
    frames = []
    for element in at.get("html"):
        parser = _TableParser()
        parser.feed(element.proto.body)
        for rows in parser.tables:
            frames.append(pd.DataFrame(rows[1:], columns=rows[0]))
    return frames


def show_all_rows(at: Any) -> Any:
    """Ask every long table on the page for all its rows (a table shows its first rows at first)."""
    for toggle in at.toggle:
        if str(toggle.key).startswith("all_rows_"):
            toggle.set_value(True)
    return at.run()
