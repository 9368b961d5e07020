"""Numbered schema migrations (``mel/migrations/NNN_name.sql``), then the views and macros.

The migrations make and change tables, each applied once. The views and macros are not in them:
``mel/sql/views.sql`` defines each once (``CREATE OR REPLACE``) and runs after the migrations every
time they run, so a fresh database, an upgraded one, the in-memory model a DuckLake store copies
its views from (``mel.lake``) and an as-of copy (``mel.asof``) all end with the same definitions.
"""

from __future__ import annotations

import re

import duckdb

from mel import sql
from mel.paths import MIGRATIONS_DIR

_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def available() -> list[tuple[int, str]]:
    """The migration files in order, as (version, file name)."""
    found = []
    for path in MIGRATIONS_DIR.iterdir():
        match = _NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path.name))
    return sorted(found)


def applied(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Versions already applied to this database."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
        "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    return [row[0] for row in con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every migration not yet applied, then (re)create the views and macros; return the
    versions applied now."""
    done = set(applied(con))
    newly = []
    for version, name in available():
        if version in done:
            continue
        con.execute((MIGRATIONS_DIR / name).read_text(encoding="utf-8"))
        con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        newly.append(version)
    con.execute(sql.load("views"))
    return newly
