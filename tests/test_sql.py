"""The SQL files: every one is used, every name resolves, nothing is defined or written twice."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from mel import migrate as migrations
from mel import sql
from mel.paths import MIGRATIONS_DIR, PROJECT_ROOT, SQL_DIR

CODE_DIRS = ("mel", "benchmarks", "tests", "ui", "pages", "scripts")
# A SQL name in code: "folder/file", "folder/file:section" (an f-string's {…} stands for any part), or "views".
NAME = re.compile(r"""f?"([a-z_]+/[a-z0-9_{}.]+(?::[a-z0-9_{}.]+)?)\"""")
LOADED = re.compile(r"""sql\.load\(\s*f?"([^"]+)"\)""")
DEFINES = re.compile(r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(VIEW|MACRO)\s+(\w+)", re.IGNORECASE | re.MULTILINE)


def _code() -> dict[Path, str]:
    files = [p for d in CODE_DIRS for p in (PROJECT_ROOT / d).rglob("*.py") if p != Path(__file__)]
    files.append(PROJECT_ROOT / "dashboard.py")
    return {p: p.read_text(encoding="utf-8") for p in files if p.exists()}


def _names_in_code() -> dict[str, Path]:
    """Every SQL name the code gives (f-string parts as ``{…}``), with a file that gives it."""
    found: dict[str, Path] = {}
    for path, text in _code().items():
        for match in [*NAME.finditer(text), *LOADED.finditer(text)]:
            found.setdefault(match.group(1), path)
    return {name: path for name, path in found.items() if name.split("/")[0].split(":")[0] in _folders() | {"views"}}


def _folders() -> set[str]:
    return {p.name for p in SQL_DIR.iterdir() if p.is_dir()}


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(
        "".join("[a-z0-9_]+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{[^}]*\})", name))
    )


def _normalised(text: str) -> str:
    lines = (line.split("--")[0] for line in text.splitlines())
    return " ".join(" ".join(lines).split()).lower().rstrip(";")


def test_every_name_in_code_resolves() -> None:
    known = sql.names()
    for name, where in _names_in_code().items():
        if "{" in name:
            assert any(_pattern(name).fullmatch(k) for k in known), f"{where}: no SQL matches {name!r}"
        else:
            assert sql.load(name), f"{where}: {name!r} is empty"


def test_every_sql_file_and_section_is_used() -> None:
    given = list(_names_in_code())
    used = {n for n in given if "{" not in n}
    patterns = [_pattern(n) for n in given if "{" in n]
    orphans = [
        name
        for name in sql.names()
        if name not in used and name.split(":")[0] not in used and not any(p.fullmatch(name) for p in patterns)
    ]
    assert not orphans, f"SQL no code loads: {orphans}"


def test_unknown_names_raise_key_error() -> None:
    with pytest.raises(KeyError, match="no SQL file"):
        sql.load("growth/no_such_query")
    with pytest.raises(KeyError, match="no section"):
        sql.load("data_in/imports_write:no_such_statement")
    assert sql.load("data_in/imports_write:insert_batch").lstrip().startswith("--")


def test_each_view_and_macro_is_defined_once() -> None:
    places = Counter[str]()
    for path in [*SQL_DIR.rglob("*.sql"), *MIGRATIONS_DIR.glob("*.sql")]:
        for _, name in DEFINES.findall(path.read_text(encoding="utf-8")):
            places[name.lower()] += 1
    assert places, "no view found"
    assert {n: c for n, c in places.items() if c > 1} == {}
    for path in MIGRATIONS_DIR.glob("*.sql"):
        assert not DEFINES.search(path.read_text(encoding="utf-8")), f"{path.name} defines a view or macro"


def test_no_statement_is_written_twice() -> None:
    texts: dict[str, list[str]] = {}
    for name in sql.names():
        texts.setdefault(_normalised(sql.load(name)), []).append(name)
    assert [names for names in texts.values() if len(names) > 1] == []


def _definitions(con: duckdb.DuckDBPyConnection) -> tuple[list[tuple[str, ...]], ...]:
    views = con.execute("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal ORDER BY 1").fetchall()
    macros = con.execute(
        "SELECT function_name, macro_definition FROM duckdb_functions() WHERE NOT internal "
        "AND function_type IN ('macro', 'table_macro') AND database_name = current_database() ORDER BY 1"
    ).fetchall()
    columns = con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE database_name = current_database() "
        "ORDER BY ALL"
    ).fetchall()
    return views, macros, columns


@pytest.mark.parametrize("stopped_at", [1, 7, 10, 14])
def test_an_older_database_upgrades_to_the_same_views(stopped_at: int) -> None:
    fresh = duckdb.connect()
    migrations.migrate(fresh)
    old = duckdb.connect()
    migrations.applied(old)
    everything = migrations.available()
    for version, name in everything[:stopped_at]:
        old.execute((MIGRATIONS_DIR / name).read_text(encoding="utf-8"))
        old.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
    # A view as an older release defined it, which the upgrade must replace.
    old.execute("CREATE VIEW projects AS SELECT 1 AS project_id")
    assert migrations.migrate(old) == [v for v, _ in everything if v > stopped_at]
    assert _definitions(old) == _definitions(fresh)
