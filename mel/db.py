"""Connections to the embedded DuckDB database.

DuckDB lets one process hold a file read-write, and then no other process may open it at all.
So the master file is only ever opened for a short write, with a bounded retry, and every
write ends by publishing a read-only snapshot beside it: a copy under a new name, then a
pointer file naming it, swapped in atomically with ``os.replace``. Readers (the app, in any
number of processes) open the snapshot the pointer names, read-only, and open the newer one
when the pointer changes; they never block a writer. Each snapshot has its own name because
DuckDB shares one database instance per path within a process: reopening the same path
would return the old data.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from mel import sql
from mel.paths import db_path, snapshot_pointer

LOCK_RETRY_SECONDS = 30.0
LOCK_RETRY_STEP = 0.1

Params = Mapping[str, Any] | Sequence[Any] | None


class DatabaseBusy(RuntimeError):
    """The master file stayed locked by another process for longer than the retry allows."""


class DatabaseMissing(FileNotFoundError):
    """No database has been built yet."""


def _connect_with_retry(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + LOCK_RETRY_SECONDS
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() > deadline:
                raise DatabaseBusy(f"{path} is held by another process; try again when it has finished") from exc
            time.sleep(LOCK_RETRY_STEP)


KEEP_SNAPSHOTS = 3


def _snapshots(master: Path) -> list[Path]:
    return sorted(master.parent.glob(f"{master.stem}.read-*{master.suffix}"))


def publish_snapshot(master: Path | None = None) -> Path:
    """Copy the master to a new snapshot file and point readers at it (atomic swap).

    Older snapshots beyond the last few are removed; a reader still holding one open keeps
    reading it until it moves to the new one (POSIX keeps an open file alive).
    """
    master = master or db_path()
    target = master.with_name(f"{master.stem}.read-{time.time_ns():020d}-{os.getpid()}{master.suffix}")
    shutil.copyfile(master, target)
    pointer = snapshot_pointer(master)
    tmp = pointer.with_name(f".{pointer.name}.{os.getpid()}.tmp")
    tmp.write_text(target.name, encoding="utf-8")
    os.replace(tmp, pointer)
    for old in _snapshots(master)[:-KEEP_SNAPSHOTS]:
        if old != target:
            old.unlink(missing_ok=True)
    return target


@contextmanager
def write_connection(master: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-write connection to the master; publishes a snapshot on success.

    The body runs inside one transaction: on any exception nothing is written.
    """
    master = master or db_path()
    master.parent.mkdir(parents=True, exist_ok=True)
    con = _connect_with_retry(master, read_only=False)
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            mark = _observation_mark(con)
            yield con
            if mark is not None:
                refresh_current(con, mark)
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    publish_snapshot(master)


def _observation_mark(con: duckdb.DuckDBPyConnection) -> int | None:
    """The highest observation id now, or None before the derived tables exist (migrations)."""
    exists = con.execute(sql.load("current_tables_exist")).fetchone()
    if not exists or not exists[0]:
        return None
    row = con.execute(sql.load("current_mark")).fetchone()
    return int(row[0]) if row else 0


def refresh_current(con: duckdb.DuckDBPyConnection, mark: int) -> None:
    """Bring the derived current/latest value tables up to date for observations above ``mark``."""
    for name in ("current_refresh_delete", "current_refresh_insert", "latest_refresh_delete", "latest_refresh_insert"):
        con.execute(sql.load(name), {"mark": mark})


class Reader:
    """A read-only view of the latest snapshot, safe to share between threads.

    Every query runs on its own cursor (threads sharing one connection without cursors
    were measured to get each other's rows). Before each query the snapshot file is checked,
    and a newer one is opened in place of the old.
    """

    def __init__(self, master: Path | None = None) -> None:
        self.master = Path(master or db_path())
        self.pointer = snapshot_pointer(self.master)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: str | None = None

    def version(self) -> str:
        """The current snapshot's file name: it changes whenever a new snapshot is published."""
        try:
            name = self.pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            name = ""
        if not name or not (self.master.parent / name).exists():
            if not self.master.exists():
                raise DatabaseMissing(f"no database at {self.master}: build it with `python -m mel init`")
            name = publish_snapshot(self.master).name
        return name

    def _connection(self) -> duckdb.DuckDBPyConnection:
        for _ in range(5):
            try:
                return self._open_current()
            except duckdb.IOException:
                # A writer removed that snapshot between our reading the pointer and opening it.
                time.sleep(LOCK_RETRY_STEP)
        return self._open_current()

    def _open_current(self) -> duckdb.DuckDBPyConnection:
        stamp = self.version()
        with self._lock:
            if self._con is None or stamp != self._stamp:
                # The old connection is dropped, not closed: a thread may still be reading
                # from a cursor on it, and it is closed when the last cursor goes.
                self._con = duckdb.connect(str(self.master.parent / stamp), read_only=True)
                self._stamp = stamp
            return self._con

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the current snapshot."""
        return self._connection().cursor()

    def df(self, name: str, params: Params = None) -> pd.DataFrame:
        """Run the named SQL file with bound parameters and return a DataFrame."""
        cur = self.cursor()
        try:
            return cur.execute(sql.load(name), params).df()
        finally:
            cur.close()

    def scalar(self, name: str, params: Params = None) -> Any:
        """Run the named SQL file and return the first column of the first row."""
        cur = self.cursor()
        try:
            row = cur.execute(sql.load(name), params).fetchone()
            return None if row is None else row[0]
        finally:
            cur.close()

    def close(self) -> None:
        """Close the underlying connection."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None
