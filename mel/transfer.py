"""Move a whole database between stores: ``python -m mel copy --from A --to B``.

Both stores are attached to one DuckDB instance; the target gets the schema (every migration,
or the lake's form of it), then every table, in one transaction; then each table's row count and
checksum (the sum of its rows' hashes, whatever their order) are compared on both sides. A
target that already holds a database is refused unless ``force`` is given. The accounts file
goes along when the target has none.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from mel import lake as lakes
from mel.accounts import accounts_path
from mel.migrate import available, migrate
from mel.snapshots import make_private, publish_snapshot, read_pointer, writer_lock
from mel.store import lake_for

SOURCE, TARGET = "source_db", "target_db"
# Derived tables are copied like the rest: they are part of what readers query.
SKIP_TABLES = {("main", "schema_migrations")}


class CopyRefused(RuntimeError):
    """The copy cannot start: nothing was written."""


class ChecksumMismatch(RuntimeError):
    """A table differs between source and target after the copy."""


@dataclass(frozen=True)
class TableCheck:
    """One table's rows and checksum on both sides."""

    table: str
    rows: int
    checksum: int
    target_rows: int
    target_checksum: int

    @property
    def matches(self) -> bool:
        """Whether the target holds the same rows."""
        return (self.rows, self.checksum) == (self.target_rows, self.target_checksum)


def describe(master: Path) -> str:
    """How a store is named on the command line."""
    lake = lake_for(master)
    return f"ducklake:{lake.label}" if lake else f"embedded:{master}"


def _attach_source(con: duckdb.DuckDBPyConnection, master: Path) -> None:
    lake = lake_for(master)
    if lake is not None:
        lakes.attach(con, lake, SOURCE, read_only=True)
        if not lakes.has_schema(con, SOURCE):
            raise CopyRefused(f"there is no database in {describe(master)}")
        return
    snapshot = read_pointer(master)
    path = master.parent / snapshot if snapshot and (master.parent / snapshot).exists() else master
    if not path.exists():
        raise CopyRefused(f"there is no database at {master}")
    con.execute(
        f"ATTACH '{_escaped(path)}' AS {SOURCE} (READ_ONLY)"
    )  # the published snapshot: a writer may hold the master


def _escaped(path: Path) -> str:
    return str(path).replace("'", "''")


def _check_up_to_date(con: duckdb.DuckDBPyConnection, master: Path) -> None:
    have = {r[0] for r in con.execute(f"SELECT version FROM {SOURCE}.main.schema_migrations").fetchall()}
    missing = [v for v, _ in available() if v not in have]
    if missing:
        raise CopyRefused(f"{describe(master)} lacks migrations {missing}: run `python -m mel migrate` on it first")


def _tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, list[str]]]:
    rows = con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ? ORDER BY table_oid", [TARGET]
    ).fetchall()
    out = []
    for schema, table in rows:
        if (schema, table) in SKIP_TABLES:
            continue
        columns = [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = ? "
                "AND table_name = ? ORDER BY column_index",
                [TARGET, schema, table],
            ).fetchall()
        ]
        out.append((schema, table, columns))
    return out


def _checksum(
    con: duckdb.DuckDBPyConnection, database: str, schema: str, table: str, columns: list[str]
) -> tuple[int, int]:
    listed = ", ".join(f'"{c}"' for c in columns)
    row = con.execute(f"SELECT count(*), coalesce(sum(hash({listed})), 0) FROM {database}.{schema}.{table}").fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def copy_store(
    source: Path, target: Path, force: bool = False, progress: Callable[[str], None] = print
) -> list[TableCheck]:
    """Copy every table of the database at ``source`` to ``target`` (each in its own store) and check it.

    Raises CopyRefused before writing anything, and ChecksumMismatch (the target is then left
    unpublished for an embedded file, or rolled back for a lake) if a table differs.
    """
    source, target = Path(source), Path(target)
    target_lake = lake_for(target)
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    tmp = target.with_name(f".{target.name}.{os.getpid()}.copying")
    try:
        _attach_source(con, source)
        _check_up_to_date(con, source)
        if target_lake is not None:
            lakes.attach(con, target_lake, TARGET)
            if lakes.has_schema(con, TARGET) and not force:
                raise CopyRefused(f"{describe(target)} already holds a database: use --force to replace it")
        else:
            if target.exists() and not force:
                raise CopyRefused(f"{target} already exists: use --force to replace it")
            target.parent.mkdir(parents=True, exist_ok=True)
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                leftover.unlink(missing_ok=True)
            con.execute(f"ATTACH '{_escaped(tmp)}' AS {TARGET}")
        con.execute(f"USE {TARGET}")
        progress(f"copying {describe(source)} -> {describe(target)}")
        if target_lake is not None:
            with lakes.writer_lock(target_lake):
                checks = _copy_tables(con, force, lake_target=True, progress=progress)
        else:
            checks = _copy_tables(con, force, lake_target=False, progress=progress)
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    if target_lake is None:
        make_private(tmp)
        with writer_lock(target):
            os.replace(tmp, target)
            target.with_name(target.name + ".wal").unlink(missing_ok=True)
            publish_snapshot(target)
    if source != target and accounts_path(source).exists() and not accounts_path(target).exists():
        accounts_path(target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(accounts_path(source), accounts_path(target))  # with its mode (0600)
    return checks


def _copy_tables(
    con: duckdb.DuckDBPyConnection, force: bool, lake_target: bool, progress: Callable[[str], None]
) -> list[TableCheck]:
    con.execute("BEGIN TRANSACTION")
    try:
        if lake_target:
            if force:
                _empty_lake(con)
            lakes.create_schema(con)
        else:
            migrate(con)
        _create_tables_the_schema_lacks(con)
        checks = []
        for schema, table, columns in _tables(con):
            listed = ", ".join(f'"{c}"' for c in columns)
            con.execute(
                f"INSERT INTO {TARGET}.{schema}.{table} ({listed}) SELECT {listed} FROM {SOURCE}.{schema}.{table}"
            )
            rows, checksum = _checksum(con, SOURCE, schema, table, columns)
            target_rows, target_checksum = _checksum(con, TARGET, schema, table, columns)
            check = TableCheck(f"{schema}.{table}", rows, checksum, target_rows, target_checksum)
            progress(f"  {check.table}: {rows:,} rows, checksum {'matches' if check.matches else 'DIFFERS'}")
            checks.append(check)
        wrong = [c.table for c in checks if not c.matches]
        if wrong:
            raise ChecksumMismatch(f"these tables differ after the copy, nothing was kept: {', '.join(wrong)}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return checks


def _create_tables_the_schema_lacks(con: duckdb.DuckDBPyConnection) -> None:
    """Tables of the source no migration makes (the build's own record, ``core.build_info``)."""
    query = "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ?"
    have = set(con.execute(query, [TARGET]).fetchall())
    for schema, table in con.execute(query + " ORDER BY table_oid", [SOURCE]).fetchall():
        if (schema, table) not in have:
            con.execute(f"CREATE TABLE {TARGET}.{schema}.{table} AS FROM {SOURCE}.{schema}.{table} LIMIT 0")


def _empty_lake(con: duckdb.DuckDBPyConnection) -> None:
    """Drop every view, macro and table of the target lake (its old files stay until cleaned up)."""
    for (name,) in con.execute(
        "SELECT schema_name || '.' || view_name FROM duckdb_views() WHERE database_name = ? AND NOT internal",
        [TARGET],
    ).fetchall():
        con.execute(f"DROP VIEW IF EXISTS {name}")
    for name, kind in con.execute(
        "SELECT DISTINCT function_name, function_type FROM duckdb_functions() WHERE database_name = ? "
        "AND NOT internal AND function_type IN ('macro', 'table_macro')",
        [TARGET],
    ).fetchall():
        con.execute(f"DROP MACRO {'TABLE ' if kind == 'table_macro' else ''}IF EXISTS {name}")
    for (name,) in con.execute(
        "SELECT schema_name || '.' || table_name FROM duckdb_tables() WHERE database_name = ?", [TARGET]
    ).fetchall():
        con.execute(f"DROP TABLE IF EXISTS {name}")
