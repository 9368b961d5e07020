"""Shared fixtures: a database built once per test session in a temporary folder."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Generator, Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from mel.accounts import accounts_path
from mel.build import build
from mel.db import Reader
from mel.snapshots import publish_snapshot
from mel.store import bind, lake_for
from mel.store import environment as store_env
from tests.helpers import keep_logs, log_sections, tail, wait_until
from tests.postgres import Postgres, reachable_folder
from tests.stores import STORES, LakeCatalogs

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--store",
        choices=STORES,
        default="embedded",
        help="the store the test databases live in (ducklake starts a PostgreSQL catalog for the run)",
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failed test's report ends with the last lines of the logs of the servers it used (``keep_logs``)."""
    report = yield
    if report.failed:
        report.sections.extend(log_sections(item))
    return report


@pytest.fixture(scope="session")
def store(request: pytest.FixtureRequest) -> str:
    """The store of this run: ``embedded`` (the default) or ``ducklake``."""
    return str(request.config.getoption("--store"))


@pytest.fixture(autouse=True)
def _only_in_store(request: pytest.FixtureRequest, store: str) -> None:
    """``@pytest.mark.embedded_only``: a test of the embedded file's own machinery (snapshots, locks)."""
    if store != "embedded" and request.node.get_closest_marker("embedded_only"):
        pytest.skip("a test of the embedded file's snapshots and locks")


@pytest.fixture(scope="session")
def postgres_catalogs(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[LakeCatalogs]:
    """A PostgreSQL server for lakes, started for the run on first use (tests of the stores
    themselves use it in every run)."""
    folder = tmp_path_factory.mktemp("lakes")
    server_folder = reachable_folder("mel-test-postgres-")
    postgres = Postgres(server_folder / "postgres", folder / "postgres.log")
    keep_logs(request, postgres.logs())
    try:
        postgres.start()
        yield LakeCatalogs(postgres, folder / "data")
    finally:
        postgres.stop()
        shutil.rmtree(server_folder, ignore_errors=True)


@pytest.fixture(scope="session")
def lake_catalogs(store: str, request: pytest.FixtureRequest) -> LakeCatalogs | None:
    """With ``--store ducklake``: where the run's test databases live; else None."""
    if store != "ducklake":
        return None
    catalogs: LakeCatalogs = request.getfixturevalue("postgres_catalogs")
    keep_logs(request, catalogs.postgres.logs())  # its tests use it through this fixture
    return catalogs


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped demo database as an embedded file, built once (the source of every copy)."""
    path = tmp_path_factory.mktemp("demo") / "mel.duckdb"
    bind(path, None)
    return build(path, mode="demo", progress=lambda _: None)


@pytest.fixture(scope="session")
def demo_db(demo_file: Path, lake_catalogs: LakeCatalogs | None) -> Path:
    """The shipped demo database; tests must not write to it (use ``fresh_db``).

    With ``--store ducklake`` it is the embedded build copied into a lake, as ``mel init`` does
    there; the path returned then names the lake (``mel.store.bind``).
    """
    path = demo_file
    if lake_catalogs is not None:
        path = lake_catalogs.lake_from_file(demo_file, demo_file.with_name("lake") / "mel.duckdb")
        lake = lake_for(path)
        assert lake is not None
        os.environ.update({"MEL_STORE": "ducklake", "MEL_LAKE_CATALOG": lake.catalog, "MEL_LAKE_DATA": lake.data_path})
    os.environ["MEL_DB"] = str(path)
    return path


# Users of the writable copies: Kénitra's focal point and an evaluator (password "test-password").
TEST_USERS = (("bachri", "focal_point", "04.281.01.01", "Mohamed Bachri"), ("eva", "evaluator", None, "Eva"))
TEST_PASSWORD = "test-password"


@pytest.fixture(scope="session")
def writable_template(
    tmp_path_factory: pytest.TempPathFactory, demo_db: Path, demo_file: Path, lake_catalogs: LakeCatalogs | None
) -> Path:
    """The demo database with the test users, copied by ``fresh_db``."""
    from mel.auth import add_user

    path = tmp_path_factory.mktemp("template") / "mel.duckdb"
    if lake_catalogs is not None:  # a lake of its own, which only clones read
        lake_catalogs.lake_from_file(demo_file, path)
    else:
        shutil.copyfile(demo_db, path)
    for username, role, member, name in TEST_USERS:
        add_user(username, TEST_PASSWORD, role, member, name, path)
    _reopen_for_corrections(path)
    return path


# Quarters the write-path tests correct that the demo has submitted or approved, so locked:
# returned or reopened, as an evaluator would before a correction (tests/test_reporting.py tests
# the lock itself).
REOPENED_FOR_CORRECTIONS = (
    ("04.281.01.01", "2026-Q1"),
    ("04.281.01.01", "2026-Q2"),
    ("09.541.01.13", "2026-Q2"),
    ("05.311.05.11", "2026-Q3"),
)


def _reopen_for_corrections(path: Path) -> None:
    from mel import reporting
    from mel.auth import command_line

    today = date.today()
    for member, period in REOPENED_FOR_CORRECTIONS:
        steps = reporting.steps(Reader(path), member, period)
        last = "" if steps.empty else str(steps["action"].iloc[-1])
        give_back = {"approve": reporting.reopen, "submit": reporting.send_back}.get(last)
        if give_back is not None:
            give_back(command_line("tests"), member, period, "corrected by the write-path tests", today, path)


@pytest.fixture()
def fresh_db(tmp_path: Path, writable_template: Path, lake_catalogs: LakeCatalogs | None) -> Path:
    """A private copy of the demo database (with the test users) that a test may write to."""
    path = tmp_path / "mel.duckdb"
    if lake_catalogs is not None:
        return lake_catalogs.clone(writable_template, path)
    shutil.copyfile(writable_template, path)
    shutil.copy(accounts_path(writable_template), accounts_path(path))  # with its mode (0600)
    publish_snapshot(path)
    return path


@pytest.fixture()
def reader(demo_db: Path) -> Iterator[Reader]:
    """A reader on the demo database."""
    r = Reader(demo_db)
    yield r
    r.close()


# --- The browser tests' server and browser, shared by every browser test module ----------------
CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def streamlit_command(port: int) -> list[str]:
    """The app served headless on ``port``, on the loopback only."""
    return [
        sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "dashboard.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
    ]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(
    demo_db: Path,
    demo_file: Path,
    tmp_path_factory: pytest.TempPathFactory,
    lake_catalogs: LakeCatalogs | None,
    request: pytest.FixtureRequest,
) -> Iterator[tuple[str, Path]]:
    """A Streamlit server on a private copy of the demo database; its output in ``streamlit.log``
    beside it, whose last lines a failed test's report shows."""
    db = tmp_path_factory.mktemp("served") / "mel.duckdb"
    if lake_catalogs is not None:
        lake_catalogs.lake_from_file(demo_file, db)
    else:
        shutil.copyfile(demo_db, db)
    from mel.auth import add_user

    add_user("bachri", "kenitra-2026", "focal_point", "04.281.01.01", "Mohamed Bachri", db)
    if lake_catalogs is None:
        publish_snapshot(db)
    port = free_port()
    env = {**os.environ, **store_env(db)}
    log = db.with_name("streamlit.log")
    keep_logs(request, {"Streamlit": log})
    with log.open("ab") as out:
        proc = subprocess.Popen(
            streamlit_command(port), cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _healthy(url, proc), 60, "the Streamlit server's health check")
    except (TimeoutError, ProcessLookupError) as exc:
        proc.kill()
        proc.wait(timeout=20)
        pytest.fail(f"the Streamlit server did not start ({exc}); its log, last lines:\n{tail(log)}")
    # Streamlit decides on a process's first session whether the app uses st.navigation; a
    # first visit straight to a sub-page logs "page not found" before the entry script takes
    # over. Visit the root once, as the first user of a newly started server would.
    with urllib.request.urlopen(f"{url}/", timeout=10):
        pass
    _warm_up(url)
    yield url, db
    proc.terminate()
    proc.wait(timeout=20)


def _healthy(url: str, proc: subprocess.Popen[bytes]) -> bool:
    """The server at ``url`` answers its health check; ProcessLookupError if ``proc`` has ended."""
    if proc.poll() is not None:
        raise ProcessLookupError(f"the server ended with code {proc.returncode}")
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _warm_up(url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = b.new_page()
        page.goto(url)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
        b.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright, shared by the run's browser tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=BROWSER_ARGS,
        )
        yield b
        b.close()
