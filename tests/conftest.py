"""Shared fixtures: a database built once per test session in a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from mel.build import build
from mel.db import Reader

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped demo database, built once; tests must not write to it (use ``fresh_db``)."""
    path = tmp_path_factory.mktemp("demo") / "mel.duckdb"
    build(path, mode="demo", progress=lambda _: None)
    os.environ["MEL_DB"] = str(path)
    return path


@pytest.fixture()
def fresh_db(tmp_path: Path, demo_db: Path) -> Path:
    """A private copy of the demo database that a test may write to."""
    import shutil

    from mel.db import publish_snapshot

    path = tmp_path / "mel.duckdb"
    shutil.copyfile(demo_db, path)
    publish_snapshot(path)
    return path


@pytest.fixture()
def reader(demo_db: Path) -> Iterator[Reader]:
    """A reader on the demo database."""
    r = Reader(demo_db)
    yield r
    r.close()
