"""One writer at a time, and the read-only snapshots readers open.

Writers, in this process (threads: every Streamlit session shares one process) and in others
(the command line), take the writer lock: a process-wide lock, then an exclusive ``flock`` on a
file beside the master. It is held around the whole write: transaction, COMMIT and publishing
the snapshot. Publishing copies the master to a hidden ``.partial`` file, renames it to a new
snapshot name, then swaps the pointer atomically. A failed copy (a full disk) is removed and the
``.read.pending`` marker stays, so the next writer, or the next reader that finds the marker,
publishes again. Readers only accept names of the form ``<stem>.read-<ns>-<pid>.duckdb``, so a
pointer naming the master or anything else is ignored.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path

import duckdb

from mel.paths import snapshot_pointer

LOCK_RETRY_SECONDS = 30.0
LOCK_RETRY_STEP = 0.05
KEEP_SNAPSHOTS = 3
PRIVATE = 0o600  # database files hold user names and roles: the server's account only

log = logging.getLogger(__name__)

_process_lock = threading.Lock()
_held = threading.local()


class WriteFailed(RuntimeError):
    """A write that did not happen: nothing was written, and trying again is safe."""


class DatabaseBusy(WriteFailed):
    """Another writer held the database for longer than the retry allows; nothing was written."""


def _snapshot_pattern(master: Path) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(master.stem)}\.read-\d{{20}}-\d+{re.escape(master.suffix)}$")


def pending_marker(master: Path) -> Path:
    """The file that says the master holds writes no snapshot shows yet."""
    return master.with_name(master.stem + ".read.pending")


def lock_file(master: Path) -> Path:
    """The file writers lock (the master itself is never locked by us: DuckDB locks it)."""
    return master.with_name(master.stem + ".write.lock")


def is_snapshot_name(master: Path, name: str) -> bool:
    """Whether ``name`` is a well-formed snapshot name of this master (never the master itself)."""
    return bool(_snapshot_pattern(master).match(name))


def snapshots(master: Path) -> list[Path]:
    """The well-formed snapshot files beside the master, oldest first."""
    pattern = _snapshot_pattern(master)
    return sorted(p for p in master.parent.glob(f"{master.stem}.read-*{master.suffix}") if pattern.match(p.name))


@contextmanager
def one_writer(
    open_lock: Callable[[], AbstractContextManager[Callable[[], bool]]], busy: str, timeout: float | None = None
) -> Iterator[None]:
    """Hold a one-writer lock, re-entrant within a thread: a process-wide lock first, then the
    store's own lock, which ``open_lock`` opens (and releases on exit) and whose one try it gives.
    DatabaseBusy, with ``busy`` as its message, when the store's lock is still held at the timeout."""
    if getattr(_held, "depth", 0):
        _held.depth += 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    timeout = LOCK_RETRY_SECONDS if timeout is None else timeout
    deadline = time.monotonic() + timeout
    if not _process_lock.acquire(timeout=max(timeout, 0.001)):
        raise DatabaseBusy("another save is in progress; nothing was written: try again in a moment")
    try:
        with open_lock() as try_once:
            while not try_once():
                if time.monotonic() > deadline:
                    raise DatabaseBusy(busy)
                time.sleep(LOCK_RETRY_STEP)
            _held.depth = 1
            try:
                yield
            finally:
                _held.depth = 0
    finally:
        _process_lock.release()


@contextmanager
def writer_lock(master: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the one-writer lock for ``master``: an exclusive ``flock`` on a file beside it."""

    @contextmanager
    def file_lock() -> Iterator[Callable[[], bool]]:
        master.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_file(master), os.O_RDWR | os.O_CREAT, PRIVATE)

        def try_once() -> bool:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                return False

        try:
            yield try_once
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)  # closing the file would release it too
            os.close(fd)

    with one_writer(
        file_lock, f"{master} is being written by another process; nothing was written: try again", timeout
    ):
        yield


def _copy_private(source: Path, target: Path) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out, 1024 * 1024)
        out.flush()
        os.fsync(out.fileno())


def _write_pointer(pointer: Path, name: str) -> None:
    tmp = pointer.with_name(f".{pointer.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as out:
            out.write(name)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, pointer)
    finally:
        tmp.unlink(missing_ok=True)


def _checkpoint_if_needed(master: Path) -> None:
    """Fold a WAL left by a failed checkpoint into the master, so the copy holds every commit."""
    if master.with_name(master.name + ".wal").exists():
        con = duckdb.connect(str(master))
        try:
            con.execute("CHECKPOINT")
        finally:
            con.close()


def publish_snapshot(master: Path) -> Path:
    """Copy the master to a new snapshot and point readers at it; the copy is removed on failure.

    Raises OSError (ENOSPC included) or duckdb.Error with the store unchanged for readers and the
    pending marker left for the next attempt.
    """
    master = Path(master)
    with writer_lock(master):
        marker = pending_marker(master)
        marker.touch(exist_ok=True)
        _checkpoint_if_needed(master)
        target = master.with_name(f"{master.stem}.read-{time.time_ns():020d}-{os.getpid()}{master.suffix}")
        partial = master.with_name(f".{target.name}.partial")
        try:
            _copy_private(master, partial)
            os.replace(partial, target)
            _write_pointer(snapshot_pointer(master), target.name)
        except BaseException:
            partial.unlink(missing_ok=True)
            target.unlink(missing_ok=True)
            raise
        marker.unlink(missing_ok=True)
        for old in snapshots(master)[:-KEEP_SNAPSHOTS]:
            if old != target:
                old.unlink(missing_ok=True)
        return target


def publish_after_commit(master: Path) -> bool:
    """Publish after a committed write; never raises: the write is done whatever happens here.

    Returns whether readers see the write now. On failure (a full disk) the copy is cleaned up
    and the next write, or the next reader, publishes again.
    """
    try:
        publish_snapshot(master)
        return True
    except (OSError, duckdb.Error) as exc:
        full = isinstance(exc, OSError) and exc.errno == errno.ENOSPC
        log.error("the write is saved, but its read copy could not be published%s: %s",
                  " (disk full)" if full else "", exc)  # fmt: skip
        return False


def read_pointer(master: Path) -> str:
    """The name the pointer file holds, or "" if there is none or it is not text."""
    try:
        return snapshot_pointer(master).read_bytes().decode("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def recover(master: Path, damaged: frozenset[str] = frozenset()) -> bool:
    """Finish what a failed or killed writer left: remove partial copies, publish if pending.

    A pointer that names no readable snapshot (not a snapshot name, a missing file, or one of
    ``damaged``, which a reader failed to open) is repaired by publishing a new snapshot.
    Takes the writer lock without waiting (a writer at work will publish itself); returns
    whether readers now see every committed write.
    """
    master = Path(master)
    if not master.exists():
        return False
    try:
        with writer_lock(master, timeout=0):
            for partial in master.parent.glob(f".{master.stem}.read-*.partial"):
                partial.unlink(missing_ok=True)
            name = read_pointer(master)
            healthy = is_snapshot_name(master, name) and (master.parent / name).exists() and name not in damaged
            if pending_marker(master).exists() or not healthy:
                return publish_after_commit(master)
            return True
    except DatabaseBusy:
        return False


def make_private(path: Path) -> None:
    """Restrict a database file to the server's own account."""
    with suppress(FileNotFoundError):
        os.chmod(path, PRIVATE)
