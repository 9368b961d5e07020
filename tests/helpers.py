"""Helpers shared by the tests."""

from __future__ import annotations

import hashlib
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
