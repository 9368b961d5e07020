"""Connections to the database, in either store (``mel.store``): the embedded file or DuckLake.

With DuckLake (``mel.lake``) a write is one transaction under the lake's writer lock, and readers
see it at their next query; there are no snapshot files. The rest of this note is the embedded file.

DuckDB lets one process hold a file read-write, and then no other process may open it at all.
So the master file is only ever opened for a short write, under the one-writer lock
(``mel.snapshots``), and every write ends by publishing a read-only snapshot beside it: a copy
under a new name, then a pointer file naming it, swapped in atomically. Readers (the app, in any
number of processes) open the snapshot the pointer names, read-only, and open the newer one
when the pointer changes; they never block a writer. Each snapshot has its own name because
DuckDB shares one database instance per path within a process: reopening the same path
would return the old data.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from mel import lake as lakes
from mel import sql
from mel.paths import db_path
from mel.snapshots import (
    LOCK_RETRY_SECONDS,
    LOCK_RETRY_STEP,
    DatabaseBusy,
    WriteFailed,
    is_snapshot_name,
    pending_marker,
    publish_after_commit,
    publish_snapshot,
    read_pointer,
    recover,
    snapshots,
    writer_lock,
)
from mel.store import Lake, lake_for

Params = Mapping[str, Any] | Sequence[Any] | None
T = TypeVar("T")
# How long a lake reader trusts the snapshot id it last read (another server's write is seen after).
VERSION_TTL = 0.25
_lake_generation: dict[Lake, int] = {}  # moves with each write to a lake from this process
# How often a reader that sees an unpublished write tries to publish it itself.
RECOVER_EVERY_SECONDS = 10.0

log = logging.getLogger(__name__)


class DatabaseMissing(FileNotFoundError):
    """No database has been built yet."""


class DatabaseTooNew(DatabaseMissing):
    """The file was written by a newer DuckDB than this one, which cannot read it."""


def _too_new(path: Path, exc: duckdb.Error) -> DatabaseTooNew | None:
    """The error to raise when ``exc`` says the file is from a newer DuckDB, else None."""
    if "newer version of DuckDB" not in str(exc):
        return None
    return DatabaseTooNew(
        f"{path} was written by a newer DuckDB than {duckdb.__version__}, which cannot read it: rebuild it with "
        "`python -m mel init --force`, or, to keep what was imported, export it with that newer DuckDB "
        "(EXPORT DATABASE 'dir' (FORMAT parquet)) and import it into a new file with this one (IMPORT DATABASE 'dir')"
    )


def _connect_with_retry(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    # Writers of this code base are serialised by the writer lock; this retry covers any other
    # program holding the file (a DuckDB shell left open on the master).
    deadline = time.monotonic() + LOCK_RETRY_SECONDS
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if too_new := _too_new(path, exc):
                raise too_new from exc
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() > deadline:
                raise DatabaseBusy(f"{path} is held by another program; nothing was written: try again") from exc
            time.sleep(LOCK_RETRY_STEP)


@contextmanager
def write_connection(master: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-write connection, one writer at a time, in whichever store holds ``master``.

    The body runs inside one transaction. An exception before COMMIT writes nothing: the
    domain's own errors (a rejected file, a refused permission) pass through as they are, and a
    database or disk error becomes WriteFailed ("nothing was written"). Once COMMIT has
    succeeded the write is done: in the embedded file, a failure to checkpoint or publish is
    logged and repaired later, never reported as a failed write.
    """
    master = Path(master or db_path())
    lake = lake_for(master)
    if lake is not None:
        with _lake_write(lake) as con:
            yield con
        return
    if not master.exists():
        raise DatabaseMissing(f"no database at {master}: build it with `python -m mel init`")
    with writer_lock(master):
        try:
            con = _connect_with_retry(master, read_only=False)
        except duckdb.Error as exc:
            raise WriteFailed(f"the database could not be opened; nothing was written: {exc}") from exc
        try:
            with _transaction(con, master):
                yield con
            try:
                con.execute("CHECKPOINT")
            except duckdb.Error as exc:  # committed: the WAL holds it, publishing folds it in
                log.warning("checkpoint after commit failed (the write is saved): %s", exc)
        finally:
            con.close()
        publish_after_commit(master)


@contextmanager
def _lake_write(lake: Lake) -> Iterator[duckdb.DuckDBPyConnection]:
    with lakes.writer_lock(lake):
        try:
            con = lakes.cursor(lake)
            if not lakes.has_schema(con):
                raise DatabaseMissing(f"no database in the lake {lake.label}: build it with `python -m mel init`")
        except duckdb.Error as exc:
            raise WriteFailed(f"the lake could not be opened; nothing was written: {exc}") from exc
        try:
            with _transaction(con, lake.label):
                yield con
        finally:
            con.close()
            _lake_generation[lake] = _lake_generation.get(lake, 0) + 1


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection, where: object) -> Iterator[None]:
    """BEGIN, the body, the derived tables brought up to date, COMMIT; ROLLBACK on any error."""
    try:
        con.execute("BEGIN TRANSACTION")
        mark = _observation_mark(con)
        yield
        if mark is not None:
            refresh_current(con, mark)
    except BaseException as exc:
        with suppress(duckdb.Error):  # an aborted transaction keeps nothing anyway
            con.execute("ROLLBACK")
        if isinstance(exc, (duckdb.Error, OSError)):
            raise WriteFailed(f"nothing was written: {exc}") from exc
        raise
    try:
        con.execute("COMMIT")
    except duckdb.Error as exc:
        raise WriteFailed(f"nothing was written: {exc}") from exc
    log.debug("committed to %s", where)  # written; embedded readers see it once it is published


def _observation_mark(con: duckdb.DuckDBPyConnection) -> int | None:
    """The highest observation id now, or None before the derived tables exist (migrations)."""
    exists = con.execute(sql.load("data_in/current_values_write:tables_exist")).fetchone()
    if not exists or not exists[0]:
        return None
    row = con.execute(sql.load("data_in/current_values_write:mark")).fetchone()
    return int(row[0]) if row else 0


def next_id(con: duckdb.DuckDBPyConnection, query: str) -> int:
    """The next id a named query gives (the highest plus one: safe under the one-writer lock)."""
    row = con.execute(sql.load(query)).fetchone()
    return int(row[0]) if row else 1


def refresh_current(con: duckdb.DuckDBPyConnection, mark: int) -> None:
    """Bring the derived current/latest value tables up to date for observations above ``mark``."""
    for section in ("current_delete", "current_insert", "latest_delete", "latest_insert"):
        con.execute(sql.load(f"data_in/current_values_write:{section}"), {"mark": mark})
    members = [
        row[0]
        for row in con.execute(
            sql.load("data_in/current_values_write:members_written_since"), {"mark": mark}
        ).fetchall()
    ]
    refresh_approved(con, members)


def refresh_approved(con: duckdb.DuckDBPyConnection, members: list[str]) -> None:
    """Bring the latest approved values of ``members`` up to date (after a write or a step of the cycle)."""
    if members:
        for section in ("approved_delete", "approved_insert"):
            con.execute(sql.load(f"data_in/current_values_write:{section}"), {"members": members})


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Append a DataFrame to ``core.TABLE`` by column name; return the number of rows."""
    if frame.empty:
        return 0
    con.register("incoming_frame", frame)
    try:
        con.execute(f"INSERT INTO core.{table} BY NAME SELECT * FROM incoming_frame")
    finally:
        con.unregister("incoming_frame")
    return len(frame)


class Reader:
    """A read-only view of the latest snapshot, safe to share between threads.

    Every query runs on its own cursor (threads sharing one connection without cursors
    were measured to get each other's rows). Before each query the snapshot file is checked,
    and a newer one is opened in place of the old.
    """

    def __new__(cls, master: Path | None = None) -> Reader:
        if cls is Reader:
            lake = lake_for(Path(master or db_path()))
            if lake is not None:
                return super().__new__(LakeReader)
        return super().__new__(cls)

    def __init__(self, master: Path | None = None) -> None:
        self.master = Path(master or db_path())
        self.approved_only = False
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: str | None = None
        self._damaged: set[str] = set()
        self._last_recovery = 0.0

    def version(self) -> str:
        """The current snapshot's file name: it changes whenever a new snapshot is published.

        Only a well-formed snapshot name is accepted; a pointer naming anything else (the
        master, a missing or damaged file) falls back to the newest valid snapshot, and the
        store is repaired if no writer is at work.
        """
        self._recover_if_pending()
        name = read_pointer(self.master)
        if self._usable(name):
            return name
        if not self.master.exists():
            raise DatabaseMissing(f"no database at {self.master}: build it with `python -m mel init`")
        recover(self.master, frozenset(self._damaged))
        candidates = [p.name for p in snapshots(self.master) if self._usable(p.name)]
        if candidates:
            return candidates[-1]
        return publish_snapshot(self.master).name

    def _usable(self, name: str) -> bool:
        return (
            is_snapshot_name(self.master, name) and name not in self._damaged and (self.master.parent / name).exists()
        )

    def _recover_if_pending(self) -> None:
        now = time.monotonic()
        if now - self._last_recovery < RECOVER_EVERY_SECONDS or not pending_marker(self.master).exists():
            return
        self._last_recovery = now
        recover(self.master)

    def _connection(self) -> duckdb.DuckDBPyConnection:
        for _ in range(5):
            try:
                return self._open_current()
            except duckdb.IOException:
                # A writer removed that snapshot between our reading the pointer and opening it.
                time.sleep(LOCK_RETRY_STEP)
        return self._open_current()

    def _open_current(self) -> duckdb.DuckDBPyConnection:
        while True:
            stamp = self.version()
            with self._lock:
                if self._con is not None and stamp == self._stamp:
                    return self._con
                try:
                    con = duckdb.connect(str(self.master.parent / stamp), read_only=True)
                except duckdb.IOException as exc:
                    if too_new := _too_new(self.master, exc):
                        raise too_new from exc  # every copy of it would be as unreadable
                    if (self.master.parent / stamp).exists() and "lock" not in str(exc).lower():
                        self._damaged.add(stamp)
                        log.error("snapshot %s cannot be read, falling back: %s", stamp, exc)
                        continue
                    raise
                except duckdb.Error as exc:  # not a DuckDB file, or a truncated one
                    self._damaged.add(stamp)
                    log.error("snapshot %s cannot be read, falling back: %s", stamp, exc)
                    continue
                # The old connection is dropped, not closed: a thread may still be reading
                # from a cursor on it, and it is closed when the last cursor goes.
                self._con, self._stamp = con, stamp
                return con

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the current snapshot."""
        return self._scoped(self._connection().cursor())

    def _scoped(self, cur: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
        # Figures read approved quarters only on such a reader (views of mel/sql/views.sql); a
        # variable belongs to its cursor, so both kinds of reader can read one snapshot.
        if self.approved_only:
            cur.execute("SET VARIABLE approved_only = true")
        return cur

    def approved(self) -> Reader:
        """The same database, its figures limited to approved quarters (one such reader per reader)."""
        if self.approved_only:
            return self
        with self._lock:
            twin: Reader | None = getattr(self, "_approved_twin", None)
            if twin is None:
                twin = object.__new__(type(self))  # the same reader's state, not a new connection
                twin.__dict__.update(self.__dict__)
                twin.approved_only = True
                twin._lock = threading.Lock()
                self._approved_twin = twin
        return twin

    def df(self, name: str, params: Params = None) -> pd.DataFrame:
        """Run the named SQL file with bound parameters and return a DataFrame."""
        return self._run(lambda cur: cur.execute(sql.load(name), params).df())

    def scalar(self, name: str, params: Params = None) -> Any:
        """Run the named SQL file and return the first column of the first row."""
        row = self._run(lambda cur: cur.execute(sql.load(name), params).fetchone())
        return None if row is None else row[0]

    def _run(self, query: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """A query on a fresh cursor; a snapshot that turns out unreadable midway is left for another."""
        for attempt in (1, 2):
            cur = self.cursor()
            try:
                return query(cur)
            except duckdb.IOException as exc:
                if attempt == 2 or self._stamp is None:
                    raise
                log.error("snapshot %s failed while reading, falling back: %s", self._stamp, exc)
                with self._lock:
                    self._damaged.add(self._stamp)
                    self._con = None
            finally:
                cur.close()
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Close the underlying connection (and the approved-only twin's)."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None
            twin = getattr(self, "_approved_twin", None)
        if twin is not None and twin is not self:
            twin.close()


class LakeReader(Reader):
    """A reader of a DuckLake: each query a cursor on this process's connection, which sees the
    lake's latest snapshot at the start of every query."""

    def __init__(self, master: Path | None = None) -> None:
        super().__init__(master)
        lake = lake_for(self.master)
        assert lake is not None
        self.lake = lake
        self._known: tuple[float, int, str] | None = None  # (checked at, generation, version)

    def version(self) -> str:
        """The lake's latest snapshot id: it changes with every committed write.

        A page asks for it before each cached figure; one catalog query per ``VERSION_TTL``
        answers them all. A write from this process is seen at once (it moves the generation);
        another server's write, within ``VERSION_TTL``.
        """
        now = time.monotonic()
        generation = _lake_generation.get(self.lake, 0)
        if self._known and now - self._known[0] < VERSION_TTL and self._known[1] == generation:
            return self._known[2]
        cur = lakes.cursor(self.lake)
        try:
            if not self._known and not lakes.has_schema(cur):  # once: a lake, once built, stays built
                raise DatabaseMissing(f"no database in the lake {self.lake.label}: build it with `mel init`")
            version = f"lake-{lakes.snapshot_id(cur)}"
        finally:
            cur.close()
        self._known = (now, generation, version)
        return version

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor with the lake as its default database."""
        return self._scoped(lakes.cursor(self.lake))

    def close(self) -> None:
        """Nothing to close: the process keeps one connection per lake."""
