"""The test databases in either store: ``pytest --store ducklake`` runs the store-dependent tests
against DuckLake, with a PostgreSQL catalog started for the run (``tests.postgres``).

Each test database is a PostgreSQL database of its own; a writable copy is made with
``CREATE DATABASE ... TEMPLATE``, which copies the catalog in a moment, and every lake of the run
shares one data folder (the copies name the same Parquet files, and add files of their own).
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import psycopg

from mel import lake as lakes
from mel.accounts import accounts_path
from mel.store import Lake, bind, lake_for
from mel.transfer import copy_store
from tests.postgres import Postgres

STORES = ("embedded", "ducklake")


class LakeCatalogs:
    """PostgreSQL databases for the test lakes, all under one server and one data folder."""

    def __init__(self, postgres: Postgres, data_path: Path) -> None:
        self.postgres = postgres
        self.data_path = data_path
        self._numbers = itertools.count(1)

    def _create(self, name: str, template: str | None = None) -> Lake:
        with psycopg.connect(self.postgres.conninfo("postgres"), autocommit=True) as admin:
            if template:  # PostgreSQL copies a database nobody is connected to: a reader left open is closed
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (template,))
            suffix = f" TEMPLATE {template}" if template else ""
            admin.execute(f"CREATE DATABASE {name}{suffix}")  # names are ours: test_<n>
        return Lake(self.postgres.conninfo(name), str(self.data_path))

    def empty(self, home: Path) -> Path:
        """A new lake with nothing in it, named by ``home``."""
        bind(home, self._create(f"test_{next(self._numbers)}"))
        return home

    def lake_from_file(self, source: Path, home: Path) -> Path:
        """A new lake holding a copy of the embedded database ``source``; ``home`` names it."""
        lake = self._create(f"test_{next(self._numbers)}")
        bind(home, lake)
        copy_store(source, home, progress=lambda _: None)
        return home

    def clone(self, source_home: Path, home: Path) -> Path:
        """A writable copy of the lake named by ``source_home`` (and its accounts), named by ``home``."""
        source = lake_for(source_home)
        assert source is not None
        lakes.forget(source)
        template = source.catalog.split("dbname=")[1].split()[0]
        lake = self._create(f"test_{next(self._numbers)}", template)
        bind(home, lake)
        home.parent.mkdir(parents=True, exist_ok=True)
        if accounts_path(source_home).exists():
            shutil.copy(accounts_path(source_home), accounts_path(home))
        return home
