"""The benchmark in either store: the environment a child needs, writable copies, another server.

A measure that writes works on a copy: a file copy of the embedded database, or for DuckLake a
``CREATE DATABASE ... TEMPLATE`` clone of the lake's PostgreSQL catalog (a moment, whatever the
size: the Parquet files are shared, and the clone's writes add files of their own). What another
server sees is read by a reader of its own: for the embedded file a new ``Reader`` (it opens the
newest published snapshot), for DuckLake a second DuckDB instance with the lake attached.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import psycopg
from psycopg import sql as pgsql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from mel import lake as lakes
from mel import sql
from mel.db import Params, Reader, refresh_approved, write_connection
from mel.paths import PROJECT_ROOT
from mel.snapshots import publish_snapshot
from mel.store import Lake, bind, lake_for

STORE_VARS = ("MEL_DB", "MEL_STORE", "MEL_LAKE_CATALOG", "MEL_LAKE_DATA")
VISIBLE_TIMEOUT_S = 60.0
_clones = itertools.count(1)

Query = Callable[[str, Params], tuple[Any, ...] | None]


def store_name(master: Path) -> str:
    """``embedded`` or ``ducklake``: the store the database at ``master`` lives in."""
    return "embedded" if lake_for(master) is None else "ducklake"


def release(master: Path) -> None:
    """Close this process's connection to the lake ``master`` names (PostgreSQL clones only a
    database nobody is connected to); nothing for the embedded file."""
    lake = lake_for(master)
    if lake is not None:
        lakes.forget(lake)


def _admin(lake: Lake) -> psycopg.Connection:
    return psycopg.connect(make_conninfo(lake.catalog, dbname="postgres"), autocommit=True)


def clone_lake(lake: Lake) -> Lake:
    """A writable copy of a lake: its catalog copied as a new PostgreSQL database, the same data path."""
    source = str(conninfo_to_dict(lake.catalog)["dbname"])
    name = f"{source}_copy_{os.getpid()}_{next(_clones)}"
    lakes.forget(lake)
    with _admin(lake) as admin:
        create = pgsql.SQL("CREATE DATABASE {} TEMPLATE {}")
        admin.execute(create.format(pgsql.Identifier(name), pgsql.Identifier(source)))
    return Lake(make_conninfo(lake.catalog, dbname=name), lake.data_path)


def drop_lake(lake: Lake) -> None:
    """Drop a lake's catalog (a clone's: the data files it added stay in the data path)."""
    lakes.forget(lake)
    name = str(conninfo_to_dict(lake.catalog)["dbname"])
    with _admin(lake) as admin:
        admin.execute(pgsql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(pgsql.Identifier(name)))


def give_back_locked(copy: Path) -> None:
    """On a scratch copy, return or reopen every locked quarter: the benchmark writes into them."""
    with write_connection(copy) as con:
        con.execute(sql.load("bench/stores_write:give_back"), {"at": datetime.now()})
        refresh_approved(
            con, [row[0] for row in con.execute(sql.load("data_in/imports_write:member_codes")).fetchall()]
        )


@contextmanager
def scratch_copy(master: Path) -> Iterator[Path]:
    """A writable copy of the database, in its store, until the block ends: the path naming it.
    Its locked quarters are given back first (``give_back_locked``), before anything is timed."""
    lake = lake_for(master)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "bench.duckdb"
        if lake is None:
            shutil.copyfile(master, copy)
            publish_snapshot(copy)
            give_back_locked(copy)
            yield copy
            return
        clone = clone_lake(lake)
        bind(copy, clone)
        try:
            give_back_locked(copy)
            yield copy
        finally:
            drop_lake(clone)
            bind(copy, None)


@contextmanager
def other_server(master: Path) -> Iterator[Query]:
    """A query function reading as another server does: a new reader of the newest snapshot
    (embedded file), or a second DuckDB instance on the lake."""
    lake = lake_for(master)
    if lake is None:
        reader = Reader(master)
        new_cursor, close = reader.cursor, reader.close
    else:
        con = lakes.open_lake(lake, read_only=True)
        close = con.close

        def new_cursor() -> duckdb.DuckDBPyConnection:
            cur = con.cursor()
            cur.execute(f"USE {lakes.ALIAS}")
            return cur

    def first_row(name: str, params: Params) -> tuple[Any, ...] | None:
        cur = new_cursor()
        try:
            return cur.execute(sql.load(name), params).fetchone()
        finally:
            cur.close()

    try:
        yield first_row
    finally:
        close()


def wait_visible(query: Query, name: str, params: Params, seen: Callable[[tuple[Any, ...] | None], bool]) -> None:
    """Run a named query until ``seen`` accepts its first row (RuntimeError after a minute)."""
    deadline = time.monotonic() + VISIBLE_TIMEOUT_S
    while True:
        row = query(name, params)
        if seen(row):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"not visible to another reader after {VISIBLE_TIMEOUT_S:.0f} s: {name} gave {row}")
        time.sleep(0.005)


def run_on_a_lake(
    source: Path, modes: tuple[str, ...], quick: bool, json_path: Path | None, servers: int | None
) -> dict[str, Any]:
    """The benchmark on a DuckLake copy of the embedded database at ``source``: PostgreSQL started,
    the copy made and every mode run by ``benchmarks/lake.py`` (a child: mel never imports the
    test tools), which prints the report; everything it started is stopped. Returns the figures."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "result.json"
        command = [sys.executable, "-m", "benchmarks.lake", "--source", str(Path(source).resolve()),
                   "--modes", ",".join(modes), "--result", str(out)]  # fmt: skip
        command += ["--json", str(Path(json_path).resolve())] if json_path else []
        command += ["--quick"] if quick else []
        command += ["--servers", str(servers)] if servers else []
        done = subprocess.run(command, cwd=PROJECT_ROOT, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"the benchmark on DuckLake failed (exit {done.returncode}): its output is above")
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return result
