"""The accounts store: password hashes and sign-in throttling, outside the published database.

A small SQLite file beside the master (``<stem>.accounts.sqlite``, mode 0600). SQLite, not the
DuckDB master, because every process must read and write it at any moment (each sign-in attempt
is logged) without taking the one-writer lock or publishing a snapshot, and because the read
snapshots must not carry password hashes.

Throttling, per account and per client: the first few failures are free, then each attempt
must wait twice as long as the last (up to five minutes); after ``LOCK_AFTER_FAILURES``
consecutive failures an account is locked until an administrator lifts it
(``python -m mel user unlock NAME``). A refused attempt costs no password hashing.
"""

from __future__ import annotations

import logging
import math
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from mel import sql
from mel.snapshots import PRIVATE

FREE_FAILURES = 3  # per account before delays start
LOCK_AFTER_FAILURES = 10  # per account, consecutive: locked until an administrator lifts it
CLIENT_FREE_FAILURES = 5  # per client, any account, within CLIENT_WINDOW_SECONDS
CLIENT_WINDOW_SECONDS = 15 * 60
MAX_DELAY_SECONDS = 300
KEEP_ATTEMPTS_SECONDS = 90 * 24 * 3600

log = logging.getLogger(__name__)


class Throttled(Exception):
    """Too many failed sign-ins: the next attempt is allowed after ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed sign-ins: try again in {retry_after} s")
        self.retry_after = retry_after


class AccountLocked(Exception):
    """Too many failed sign-ins in a row: an administrator must lift the lock."""


def accounts_path(master: Path) -> Path:
    """The accounts store beside a master database."""
    return master.with_name(master.stem + ".accounts.sqlite")


@contextmanager
def _store(master: Path) -> Iterator[sqlite3.Connection]:
    path = accounts_path(master)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE))
    with closing(sqlite3.connect(path, timeout=10.0, isolation_level=None)) as con:
        con.execute("PRAGMA journal_mode=WAL")
        con.executescript(sql.load("accounts/store_write:schema"))
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")


def set_password_hash(master: Path, username: str, password_hash: str, now: float | None = None) -> float:
    """Store a user's password hash; returns the time it was set (earlier sessions end)."""
    changed_at = time.time() if now is None else now
    with _store(master) as con:
        con.execute(
            sql.load("accounts/store_write:set_password"),
            {"username": username, "password_hash": password_hash, "changed_at": changed_at},
        )
    return changed_at


def remove(master: Path, username: str) -> None:
    """Remove a user's credentials and lock: nobody signs in as them any more."""
    with _store(master) as con:
        con.execute(sql.load("accounts/store_write:remove"), {"username": username})
        con.execute(sql.load("accounts/store_write:unlock"), {"username": username})


def credentials(master: Path, username: str) -> tuple[str, float] | None:
    """The password hash and when it was set; None if the user has none (removed or unknown)."""
    with _store(master) as con:
        row = con.execute(sql.load("accounts/store_write:credentials"), {"username": username}).fetchone()
    return None if row is None else (str(row[0]), float(row[1]))


def standing(master: Path, username: str) -> float | None:
    """When the user's password was set, or None if they cannot sign in (removed, unknown or locked)."""
    with _store(master) as con:
        row = con.execute(sql.load("accounts/store_write:credentials"), {"username": username}).fetchone()
        locked = con.execute(sql.load("accounts/store_write:is_locked"), {"username": username}).fetchone()
    return None if row is None or locked else float(row[1])


def _wait(failures: int, free: int, last: float | None, now: float) -> int:
    if failures < free or last is None:
        return 0
    delay = min(2 ** (failures - free + 1), MAX_DELAY_SECONDS)
    return max(0, math.ceil(last + delay - now))


def check_allowed(master: Path, username: str, client: str, now: float | None = None) -> None:
    """Raise AccountLocked or Throttled if this attempt must not be tried now."""
    now = time.time() if now is None else now
    with _store(master) as con:
        if con.execute(sql.load("accounts/store_write:is_locked"), {"username": username}).fetchone():
            raise AccountLocked(username)
        failures, last = con.execute(
            sql.load("accounts/store_write:account_failures"), {"username": username}
        ).fetchone()
        client_failures, client_last = con.execute(
            sql.load("accounts/store_write:client_failures"), {"client": client, "since": now - CLIENT_WINDOW_SECONDS}
        ).fetchone()
    wait = max(
        _wait(failures, FREE_FAILURES, last, now), _wait(client_failures, CLIENT_FREE_FAILURES, client_last, now)
    )
    if wait:
        raise Throttled(wait)


def record_attempt(master: Path, username: str, client: str, succeeded: bool, now: float | None = None) -> None:
    """Log an attempt (never the password); lock the account after too many failures in a row."""
    now = time.time() if now is None else now
    outcome = "succeeded" if succeeded else "failed"
    with _store(master) as con:
        con.execute(
            sql.load("accounts/store_write:record_attempt"),
            {"at": now, "username": username, "client": client, "outcome": outcome},
        )
        failures = con.execute(sql.load("accounts/store_write:account_failures"), {"username": username}).fetchone()[0]
        if failures >= LOCK_AFTER_FAILURES:
            con.execute(sql.load("accounts/store_write:lock"), {"username": username, "at": now})
        con.execute(sql.load("accounts/store_write:prune_attempts"), {"before": now - KEEP_ATTEMPTS_SECONDS})
    if succeeded:
        log.info("sign-in succeeded: user=%r client=%s", username, client)
    else:
        log.warning("sign-in failed: user=%r client=%s consecutive failures=%d", username, client, failures)
        if failures == LOCK_AFTER_FAILURES:
            log.warning("account %r locked after %d failed sign-ins", username, failures)


def unlock(master: Path, username: str, now: float | None = None) -> bool:
    """Lift an account's lock and forget its failures; returns whether it was locked."""
    now = time.time() if now is None else now
    with _store(master) as con:
        was = con.execute(sql.load("accounts/store_write:is_locked"), {"username": username}).fetchone() is not None
        con.execute(sql.load("accounts/store_write:unlock"), {"username": username})
        con.execute(
            sql.load("accounts/store_write:record_attempt"),
            {"at": now, "username": username, "client": "administrator", "outcome": "unlocked"},
        )
    return was
