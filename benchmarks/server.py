"""A Streamlit server started for a benchmark and always stopped afterwards."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import wait_until

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu"]
SERVED_AS = {"MALLOC_ARENA_MAX": "2"}  # as `make run` serves the app


@dataclass(frozen=True)
class Server:
    """A running server: its address, process id and log file."""

    url: str
    pid: int
    log: Path


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(script: Path, env: dict[str, str] | None = None) -> Iterator[Server]:
    """Serve ``script`` headless on a free port until the block ends; the log is kept in a
    temporary file whose path is printed if the server does not start."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="bench-server-", suffix=".log")[1])
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env={**os.environ, **SERVED_AS, **(env or {})}, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        if proc.poll() is not None:
            raise RuntimeError(f"the Streamlit server ended with code {proc.returncode}; its log: {log}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    try:
        try:
            wait_until(healthy, 60, "the Streamlit server's health check")
        except TimeoutError as exc:
            raise RuntimeError(f"the Streamlit server did not start; its log: {log}") from exc
        # A first visit to the root: Streamlit learns on a process's first session that the app
        # uses st.navigation (a first visit straight to a sub-page would not find it).
        with urllib.request.urlopen(f"{url}/", timeout=10):
            pass
        yield Server(url, proc.pid, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    log.unlink(missing_ok=True)


def rss_mb(pid: int) -> float:
    """The resident memory of process ``pid`` now, in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
