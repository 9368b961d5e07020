"""DuckLake over PostgreSQL: connections, the one-writer lock, and the schema.

The extensions come from their PyPI packages (``duckdb-extension-*``) and are loaded from those
files: nothing is downloaded at run time. One DuckDB instance per process and lake holds the
attachment; every query runs on its own cursor, and each new transaction sees the lake's latest
snapshot, so a reader sees another server's write at its next query.

DuckLake has no primary keys, unique constraints, checks or sequences. Writers therefore take a
PostgreSQL advisory lock (one writer at a time across every server, as the embedded file's lock
does on one machine), the write path's own checks keep keys unique, and ids are given by the
statements themselves. The lake's tables are those of the embedded schema after every migration,
without the constraints; views and macros are the same statements.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import psycopg

from mel import migrate as migrations
from mel.migrate import available, migrate
from mel.snapshots import LOCK_RETRY_SECONDS, WriteFailed, one_writer
from mel.store import Lake

EXTENSIONS = (("postgres_scanner", "duckdb_extension_postgres_scanner"), ("ducklake", "duckdb_extension_ducklake"))
ALIAS = "lake"
WRITER_LOCK_KEY = 7_240_611  # the advisory lock every writer of a lake takes

_instances: dict[Lake, duckdb.DuckDBPyConnection] = {}
_instances_lock = threading.Lock()


def _quoted(text: str) -> str:
    """A SQL string literal: LOAD and ATTACH take no bound parameters."""
    return "'" + text.replace("'", "''") + "'"


def extension_file(name: str, package: str) -> Path:
    """The extension shipped by its PyPI package, for this DuckDB version."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the package {package} is missing: install requirements.txt")
    base = Path(next(iter(spec.submodule_search_locations)))
    found = base / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not found.exists():
        raise RuntimeError(f"{package} has no extension for DuckDB {duckdb.__version__}: pin matching versions")
    return found


def open_lake(lake: Lake, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A new DuckDB instance with the lake attached as ``lake`` and in use."""
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    attach(con, lake, ALIAS, read_only)
    con.execute(f"USE {ALIAS}")
    return con


def attach(con: duckdb.DuckDBPyConnection, lake: Lake, alias: str, read_only: bool = False) -> None:
    """Attach a lake to an existing connection under ``alias``."""
    for name, package in EXTENSIONS:
        con.execute(f"LOAD {_quoted(str(extension_file(name, package)))}")
    if "://" not in lake.data_path:  # a folder (a mounted share); an object store's address is left as it is
        Path(lake.data_path).mkdir(parents=True, exist_ok=True)
    options = f"DATA_PATH {_quoted(lake.data_path)}" + (", READ_ONLY" if read_only else "")
    con.execute(f"ATTACH {_quoted(lake.uri)} AS {alias} ({options})")


def instance(lake: Lake) -> duckdb.DuckDBPyConnection:
    """This process's connection to the lake (opened once)."""
    with _instances_lock:
        con = _instances.get(lake)
        if con is None:
            con = _instances[lake] = open_lake(lake)
        return con


def cursor(lake: Lake) -> duckdb.DuckDBPyConnection:
    """A new cursor on this process's connection, with the lake as its default database."""
    cur = instance(lake).cursor()
    cur.execute(f"USE {ALIAS}")
    return cur


def forget(lake: Lake) -> None:
    """Close this process's connection to a lake (tests, and before dropping it)."""
    with _instances_lock:
        con = _instances.pop(lake, None)
    if con is not None:
        con.close()


def snapshot_id(cur: duckdb.DuckDBPyConnection) -> int:
    """The lake's latest snapshot: it changes with every committed write."""
    row = cur.execute(f"SELECT id FROM {ALIAS}.current_snapshot()").fetchone()
    return int(row[0]) if row else 0


def has_schema(cur: duckdb.DuckDBPyConnection, alias: str = ALIAS) -> bool:
    """Whether the lake attached as ``alias`` holds a database (its migrations table)."""
    row = cur.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = 'schema_migrations'", [alias]
    ).fetchone()
    return bool(row and row[0])


@contextmanager
def writer_lock(lake: Lake, timeout: float | None = None) -> Iterator[None]:
    """Hold the lake's one-writer lock (re-entrant within a thread); DatabaseBusy on timeout.

    A PostgreSQL advisory lock on a session of its own: it is released when the session ends,
    so a server that dies while writing never leaves the lake locked.
    """

    @contextmanager
    def advisory_lock() -> Iterator[Callable[[], bool]]:
        try:
            session = psycopg.connect(lake.catalog, autocommit=True)
        except psycopg.Error as exc:
            raise WriteFailed(f"the lake's catalog ({lake.label}) is out of reach; nothing was written: {exc}") from exc

        def try_once() -> bool:
            row = session.execute("SELECT pg_try_advisory_lock(%s)", (WRITER_LOCK_KEY,)).fetchone()
            return bool(row and row[0])

        with session:  # its end releases the lock
            yield try_once

    busy = "another server is saving; nothing was written: try again in a moment"
    with one_writer(advisory_lock, busy, LOCK_RETRY_SECONDS if timeout is None else timeout):
        yield


# ---- the schema ------------------------------------------------------------------------------


def _model() -> duckdb.DuckDBPyConnection:
    """The embedded schema after every migration, in memory: the model the lake follows."""
    con = duckdb.connect()
    migrate(con)
    return con


def _table_statements(model: duckdb.DuckDBPyConnection) -> list[tuple[str, str, dict[str, str]]]:
    """(schema.table, CREATE TABLE without constraints, each column's type), in creation order."""
    tables = model.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "ORDER BY table_oid"
    ).fetchall()
    out = []
    for schema, table in tables:
        columns = model.execute(
            "SELECT column_name, data_type, is_nullable, column_default FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = ? AND table_name = ? ORDER BY column_index",
            [schema, table],
        ).fetchall()
        defs = [
            f'"{name}" {kind}' + ("" if nullable else " NOT NULL") + (f" DEFAULT {default}" if default else "")
            for name, kind, nullable, default in columns
        ]
        qualified = f"{schema}.{table}"
        types = {name: kind for name, kind, _, _ in columns}
        out.append((qualified, f"CREATE TABLE IF NOT EXISTS {qualified} ({', '.join(defs)})", types))
    return out


def _macro_statements(model: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    rows = model.execute(
        "SELECT function_name, function_type, parameters, macro_definition FROM duckdb_functions() "
        "WHERE NOT internal AND function_type IN ('macro', 'table_macro') AND database_name = current_database()"
    ).fetchall()
    return [
        (
            name,
            f"CREATE OR REPLACE MACRO {name}({', '.join(params)}) AS {'TABLE ' if kind == 'table_macro' else ''}{body}",
        )
        for name, kind, params, body in rows
    ]


def _view_statements(model: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    rows = model.execute(
        "SELECT view_name, sql FROM duckdb_views() WHERE NOT internal AND database_name = current_database() "
        "ORDER BY view_oid"
    ).fetchall()
    return [(name, text.replace("CREATE VIEW", "CREATE OR REPLACE VIEW", 1)) for name, text in rows]


def create_schema(cur: duckdb.DuckDBPyConnection) -> list[int]:
    """Create (or bring up to date) the lake's tables, macros and views; return the versions now applied.

    Within the caller's transaction. Tables and columns are added, never dropped or changed: a
    migration that drops or reshapes data needs a copy (``mel copy``) through an embedded file.
    """
    model = _model()
    try:
        cur.execute("CREATE SCHEMA IF NOT EXISTS core")
        for qualified, create, types in _table_statements(model):
            cur.execute(create)
            have = {
                r[0]
                for r in cur.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
                    "AND schema_name || '.' || table_name = ?",
                    [qualified],
                ).fetchall()
            }
            for name, kind in types.items():
                if name not in have:  # added without its constraint or default: DuckLake takes neither
                    cur.execute(f'ALTER TABLE {qualified} ADD COLUMN "{name}" {kind}')
        _create_in_order(cur, _macro_statements(model) + _view_statements(model))
        done = {r[0] for r in cur.execute("SELECT version FROM schema_migrations").fetchall()}
        for version, name in available():
            if version not in done:
                cur.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        return [v for v, _ in available()]
    finally:
        model.close()


def _create_in_order(cur: duckdb.DuckDBPyConnection, statements: list[tuple[str, str]]) -> None:
    """Each view or macro after those it names (both are bound when they are created)."""
    names = {name for name, _ in statements}
    needs = {
        name: {other for other in names if other != name and re.search(rf"\b{re.escape(other)}\b", text)}
        for name, text in statements
    }
    done: set[str] = set()
    pending = list(statements)
    while pending:
        ready = [(n, t) for n, t in pending if needs[n] <= done] or pending[:1]  # a false cycle: creation order
        for name, text in ready:
            cur.execute(text)
            done.add(name)
        pending = [(n, t) for n, t in pending if n not in done]


# What a lake takes from a migration: its shape (tables, columns, views, macros), not its data moves.
_SHAPE_ONLY = re.compile(
    r"^(CREATE (OR REPLACE )?(TEMP )?(TABLE|VIEW|MACRO|SCHEMA|SEQUENCE|(UNIQUE )?INDEX)"
    r"|ALTER TABLE \S+ (ADD|ALTER) COLUMN|DROP (VIEW|MACRO|SEQUENCE|INDEX)|COMMENT ON)",
    re.IGNORECASE,
)


class MigrationNeedsCopy(WriteFailed):
    """A migration moves or changes data, which a lake cannot take in place; nothing was written."""


def pending_versions(cur: duckdb.DuckDBPyConnection) -> list[int]:
    """Migrations the lake does not have yet; MigrationNeedsCopy if one of them changes data."""
    done = {r[0] for r in cur.execute("SELECT version FROM schema_migrations").fetchall()}
    pending = [(v, name) for v, name in available() if v not in done]
    for _, name in pending:
        lines = (migrations.MIGRATIONS_DIR / name).read_text(encoding="utf-8").splitlines()
        text = "\n".join(line.split("--")[0] for line in lines)  # no comment before a statement
        statements = [" ".join(part.split()) for part in re.split(r";\s*$", text, flags=re.MULTILINE)]
        if any(statement and not _SHAPE_ONLY.match(statement) for statement in statements):
            raise MigrationNeedsCopy(
                f"{name} changes data, which a lake cannot take in place; nothing was written: copy the lake to an "
                "embedded file (mel copy --from ducklake --to embedded:PATH), run mel migrate on it, and copy it "
                "back (--force)"
            )
    return [v for v, _ in pending]
