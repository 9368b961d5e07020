"""Debian's PostgreSQL in a temporary folder, run by an unprivileged account, for the tests.

PostgreSQL refuses to run as root, and CI runs as root: then initdb and pg_ctl run as
``postgres`` (the Debian package's account) or ``nobody``. The server listens on 127.0.0.1 only,
with trust authentication for one user, and is stopped at once at the end (its data is thrown
away); its log is kept.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

USER = "mel"


class PostgresError(RuntimeError):
    """PostgreSQL did not start, or a command failed."""


def postgres_bin() -> Path:
    """The ``bin`` folder of the newest PostgreSQL Debian has installed."""
    versions = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").exists()]
    if not versions:
        raise PostgresError("PostgreSQL is not installed (make test installs it: Debian's postgresql)")
    return max(versions, key=lambda p: float(p.parent.name) if p.parent.name.replace(".", "").isdigit() else 0.0)


def _unprivileged_user() -> str | None:
    """Who runs PostgreSQL when we are root: ``postgres``, else ``nobody``; None when not root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise PostgresError("no unprivileged account to run PostgreSQL (neither postgres nor nobody)")


def reachable_folder(prefix: str) -> Path:
    """A new temporary folder the server's account can pass through (pytest's own are 0700)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o711)
    return folder


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Postgres:
    """A PostgreSQL server of the test run's own, in ``folder`` (created; every folder above it
    must be open to the server's account: see ``reachable_folder``)."""

    def __init__(self, folder: Path, log: Path) -> None:
        self.bin = postgres_bin()
        self.folder = folder
        self.data = folder / "data"
        self.server_log = folder / "server.log"  # written by the server's account, copied to ``log`` at stop
        self.log = log
        self.user = _unprivileged_user()
        self.port = _free_port()
        self.started = False

    def logs(self) -> dict[str, Path]:
        """Its log files by name: the commands run here, and the server's own (copied into the
        first when it stops)."""
        return {"PostgreSQL commands": self.log, "PostgreSQL server": self.server_log}

    def _command(self, tool: str, *args: str) -> list[str]:
        command = [str(self.bin / tool), *args]
        return ["runuser", "-u", self.user, "--", *command] if self.user else command

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run(self._command(tool, *args), capture_output=True, text=True, timeout=120, cwd="/")
        with self.log.open("a", encoding="utf-8") as out:
            out.write(f"$ {tool} {' '.join(args)}\n{done.stdout}{done.stderr}[exit {done.returncode}]\n")
        if done.returncode != 0:
            raise PostgresError(f"PostgreSQL's {tool} failed ({done.returncode}): {done.stderr.strip()[-500:]}")

    def conninfo(self, database: str) -> str:
        """The libpq connection string of one of its databases."""
        return f"dbname={database} host=127.0.0.1 port={self.port} user={USER}"

    def start(self) -> None:
        """Create the cluster in ``folder`` and start the server."""
        self.folder.mkdir(mode=0o700)
        if self.user:
            shutil.chown(self.folder, self.user, self.user)
        self._run("initdb", "-D", str(self.data), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-sync")
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.server_log), "-o", options, "-w", "-t", "60", "start")
        self.started = True

    def create_database(self, name: str) -> str:
        """Create a database; return its connection string."""
        done = subprocess.run(
            [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, name],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode != 0:
            raise PostgresError(f"createdb failed: {done.stderr.strip()}")
        return self.conninfo(name)

    def stop(self) -> None:
        """Stop at once (the data is thrown away) and keep the server's log."""
        if self.started:
            with contextlib.suppress(PostgresError, subprocess.TimeoutExpired):
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "-t", "30", "stop")
            self.started = False
        if self.server_log.exists():
            with self.log.open("a", encoding="utf-8") as out:
                out.write(self.server_log.read_text(encoding="utf-8", errors="replace"))
