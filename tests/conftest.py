"""Shared fixtures: a database built once per test session in a temporary folder."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mel.accounts import accounts_path
from mel.build import build
from mel.db import Reader
from mel.snapshots import publish_snapshot

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped demo database, built once; tests must not write to it (use ``fresh_db``)."""
    path = tmp_path_factory.mktemp("demo") / "mel.duckdb"
    build(path, mode="demo", progress=lambda _: None)
    os.environ["MEL_DB"] = str(path)
    return path


# Users of the writable copies: Kénitra's focal point and an evaluator (password "test-password").
TEST_USERS = (("bachri", "focal_point", "04.281.01.01", "Mohamed Bachri"), ("eva", "evaluator", None, "Eva"))
TEST_PASSWORD = "test-password"


@pytest.fixture(scope="session")
def writable_template(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> Path:
    """The demo database with the test users, copied by ``fresh_db``."""
    from mel.auth import add_user

    path = tmp_path_factory.mktemp("template") / "mel.duckdb"
    shutil.copyfile(demo_db, path)
    for username, role, member, name in TEST_USERS:
        add_user(username, TEST_PASSWORD, role, member, name, path)
    return path


@pytest.fixture()
def fresh_db(tmp_path: Path, writable_template: Path) -> Path:
    """A private copy of the demo database (with the test users) that a test may write to."""
    path = tmp_path / "mel.duckdb"
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
