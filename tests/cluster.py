"""Several app servers on one store, started and always stopped: the deployment of ``deploy/``, run locally.

``cluster()`` starts, in a temporary folder:

- with the DuckLake store, Debian's PostgreSQL for the catalog (as an unprivileged user,
  on 127.0.0.1 only, trust authentication for the user ``mel``);
- the store, built by ``python -m mel init``, and a focal point (``FOCAL_POINT``);
- two Streamlit servers over the same store, each on its own port;
- HAProxy with ``deploy/haproxy.cfg`` in front of them.

Everything is stopped at the end, on success or failure. Each process writes its own log file
in ``log_dir``; when starting fails, or the body of the ``with`` raises, the last lines of every
log are printed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal

from tests.conftest import free_port, streamlit_command
from tests.helpers import tail, wait_until
from tests.postgres import Postgres, reachable_folder

ROOT = Path(__file__).resolve().parent.parent
HAPROXY_CONFIG = ROOT / "deploy" / "haproxy.cfg"
STICKY_COOKIE = "MELSRV"  # the cookie deploy/haproxy.cfg inserts
FOCAL_POINT = ("bachri", "focal_point", "04.281.01.01", "Mohamed Bachri")
FOCAL_POINT_PASSWORD = "kenitra-2026"
Store = Literal["ducklake", "embedded"]


GIVE_BACK = "from mel.bench_stores import give_back_locked; from mel.paths import db_path; give_back_locked(db_path())"


class ClusterError(RuntimeError):
    """A part of the cluster did not start."""


def default_store() -> Store:
    """``MEL_CLUSTER_STORE`` if set, else DuckLake where the project has it, else the embedded file."""
    chosen = os.environ.get("MEL_CLUSTER_STORE")
    if chosen in ("ducklake", "embedded"):
        return chosen  # type: ignore[return-value]
    return "ducklake" if (ROOT / "mel" / "store.py").exists() else "embedded"


def _wait_http(url: str, timeout: float, process: subprocess.Popen[bytes] | None = None) -> None:
    """Wait until ``url`` answers 200, or raise ClusterError (at once if ``process`` has ended)."""

    def answers() -> bool:
        if process is not None and process.poll() is not None:
            raise ClusterError(f"{url}: the process ended with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return bool(response.status == 200)
        except (OSError, urllib.error.HTTPError):
            return False

    try:
        wait_until(answers, timeout, url)
    except TimeoutError as exc:
        raise ClusterError(f"{url} did not answer within {timeout:.0f} s") from exc


@dataclass
class Cluster:
    """What ``cluster()`` started: the store's environment, the servers' addresses, the logs."""

    store: Store
    work: Path
    log_dir: Path
    env: dict[str, str]
    server_a: str = ""
    server_b: str = ""
    proxy: str = ""
    logs: dict[str, Path] = field(default_factory=dict)
    _processes: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)
    _files: list[IO[bytes]] = field(default_factory=list)

    def log(self, name: str) -> Path:
        """The log file of the part named ``name`` (created on first use)."""
        path = self.logs.setdefault(name, self.log_dir / f"{name}.log")
        return path

    def run(
        self, args: Sequence[str], name: str, *, input_text: str | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """Run a command to its end with the store's environment; its output is also appended to its log."""
        done = subprocess.run(
            list(args), env=self.env, cwd=ROOT, input=input_text, capture_output=True, text=True, timeout=timeout
        )
        with self.log(name).open("a", encoding="utf-8") as out:
            out.write(f"$ {' '.join(args)}\n{done.stdout}{done.stderr}[exit {done.returncode}]\n")
        return done

    def mel(self, *args: str, input_text: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """``python -m mel ARGS`` on the cluster's store (log ``mel.log``)."""
        return self.run([sys.executable, "-m", "mel", *args], "mel", input_text=input_text, timeout=timeout)

    def start(self, args: Sequence[str], name: str, extra_env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        """Start a long-running process in its own process group, its output in its log; stopped at the end."""
        out = self.log(name).open("ab")
        self._files.append(out)
        process = subprocess.Popen(
            list(args),
            env={**self.env, **(extra_env or {})},
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._processes.append((name, process))
        return process

    def report(self, lines: int = 30) -> str:
        """The last lines of every log, to read when something failed."""
        parts = [f"--- {name}: {path}\n{tail(path, lines)}" for name, path in self.logs.items()]
        return "\n".join(parts)

    def stop_processes(self) -> None:
        """Stop every process started here: SIGTERM to its group, SIGKILL after 10 s."""
        for _, process in reversed(self._processes):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for _, process in reversed(self._processes):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        for out in self._files:
            out.close()
        self._processes.clear()
        self._files.clear()


@contextlib.contextmanager
def cluster(log_dir: Path, store: Store | None = None, servers: bool = True) -> Iterator[Cluster]:
    """Start the store, two app servers and HAProxy (without the servers if ``servers`` is False).

    The store's folders live in a temporary folder removed at the end; the logs stay in ``log_dir``.
    """
    store = store or default_store()
    log_dir.mkdir(parents=True, exist_ok=True)
    work = reachable_folder("mel-cluster-")
    shared = work / "shared"  # the folder every server mounts (NFS in production)
    shared.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEL_")}
    env.update({"MEL_DB": str(shared / "mel.duckdb"), "MALLOC_ARENA_MAX": "2", "PYTHONUNBUFFERED": "1"})
    c = Cluster(store=store, work=work, log_dir=log_dir, env=env)
    postgres: Postgres | None = None
    try:
        started = time.monotonic()
        if store == "ducklake":
            postgres = Postgres(work / "postgres", c.log("postgres"))
            postgres.start()
            catalog = postgres.create_database("mel")
            (shared / "lake").mkdir()
            env.update({"MEL_STORE": "ducklake", "MEL_LAKE_CATALOG": catalog, "MEL_LAKE_DATA": str(shared / "lake")})
        built = c.mel("init", timeout=300)
        if built.returncode != 0:
            raise ClusterError(f"python -m mel init failed ({built.returncode}): {built.stderr.strip()[-1000:]}")
        # The tests correct past values, in quarters the demo has submitted or approved: given back first.
        given = c.run([sys.executable, "-c", GIVE_BACK], "mel", timeout=300)
        if given.returncode != 0:
            raise ClusterError(f"giving back the locked quarters failed: {given.stderr.strip()[-1000:]}")
        username, role, member, name = FOCAL_POINT
        added = c.mel(
            "user", "add", username, "--role", role, "--member", member, "--name", name, "--password-stdin",
            input_text=FOCAL_POINT_PASSWORD + "\n",
        )  # fmt: skip
        if added.returncode != 0:
            raise ClusterError(f"python -m mel user add failed: {added.stderr.strip()}")
        c.log("setup").write_text(f"{store} store built in {time.monotonic() - started:.1f} s\n", encoding="utf-8")
        if servers:
            _start_servers(c)
        yield c
    except BaseException:
        c.stop_processes()
        if postgres is not None:
            postgres.stop()
            postgres = None
        print(f"\nlogs of the cluster ({store} store), last lines:\n{c.report()}", file=sys.stderr)
        raise
    finally:
        c.stop_processes()
        if postgres is not None:
            postgres.stop()
        shutil.rmtree(work, ignore_errors=True)


def _start_servers(c: Cluster) -> None:
    """Two Streamlit servers, each answering its health check, then HAProxy in front of them."""
    ports = [free_port(), free_port()]
    while ports[1] == ports[0]:
        ports[1] = free_port()
    apps = [c.start(streamlit_command(port), f"app-{name}") for port, name in zip(ports, "ab", strict=True)]
    c.server_a, c.server_b = (f"http://127.0.0.1:{port}" for port in ports)
    for url, app in zip((c.server_a, c.server_b), apps, strict=True):
        _wait_http(f"{url}/_stcore/health", 90, app)
        # Streamlit decides on a process's first session whether the app uses st.navigation:
        # visit the root once, as the first user of a newly started server would.
        with urllib.request.urlopen(f"{url}/", timeout=30):
            pass
    proxy_port = free_port()
    while proxy_port in ports:
        proxy_port = free_port()
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        raise ClusterError("HAProxy is not installed (make test-cluster installs it)")
    proxy_env = {
        "MEL_LISTEN": f"127.0.0.1:{proxy_port}",
        "MEL_SERVER_A": f"127.0.0.1:{ports[0]}",
        "MEL_SERVER_B": f"127.0.0.1:{ports[1]}",
        "MEL_HAPROXY_UNPRIVILEGED": "1",
    }
    proxy = c.start([haproxy, "-f", str(HAPROXY_CONFIG), "-db"], "haproxy", extra_env=proxy_env)
    c.proxy = f"http://127.0.0.1:{proxy_port}"
    _wait_http(f"{c.proxy}/_stcore/health", 30, proxy)
