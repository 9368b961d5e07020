"""The two stores: settings, copies between them, the lake's schema, and its one-writer lock.

These run in every test run, on a PostgreSQL server started for it (``postgres_catalogs``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from mel import build, lake, migrate, store
from mel.db import Reader
from mel.imports import record
from mel.snapshots import DatabaseBusy
from mel.store import environment as store_env
from mel.transfer import CopyRefused, copy_store
from tests.helpers import table_checksums
from tests.stores import LakeCatalogs

ROOT = Path(__file__).resolve().parent.parent
KENITRA = "04.281.01.01"


@pytest.fixture(scope="module")
def embedded_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database as an embedded file (whatever store the run's own databases are in)."""
    path = tmp_path_factory.mktemp("embedded") / "mel.duckdb"
    store.bind(path, None)
    return build.build(path, mode="demo", progress=lambda _: None)


def test_a_copy_into_a_lake_and_back_holds_every_row(
    embedded_demo: Path, postgres_catalogs: LakeCatalogs, tmp_path: Path
) -> None:
    home = postgres_catalogs.empty(tmp_path / "lake" / "mel.duckdb")
    checks = copy_store(embedded_demo, home, progress=lambda _: None)
    assert checks and all(c.matches for c in checks)
    assert {c.table for c in checks} >= {"core.observations", "core.plan_versions", "core.build_info"}
    back = tmp_path / "back.duckdb"
    store.bind(back, None)
    copy_store(home, back, progress=lambda _: None)
    before = table_checksums(embedded_demo)
    assert table_checksums(back) == before
    assert table_checksums(home) == before  # the lake itself, read through its reader


def test_a_copy_never_replaces_a_database_unless_asked(
    embedded_demo: Path, postgres_catalogs: LakeCatalogs, tmp_path: Path
) -> None:
    home = postgres_catalogs.empty(tmp_path / "lake" / "mel.duckdb")
    copy_store(embedded_demo, home, progress=lambda _: None)
    record.record_value(KENITRA, "ATI-01", "2026-Q3", 61.0, recorded_by="test", master=home)
    with pytest.raises(CopyRefused, match="--force"):
        copy_store(embedded_demo, home, progress=lambda _: None)
    assert int(Reader(home).df("data_in/value_latest_version", _key("2026-Q3"))["version"][0]) == 2  # still there
    copy_store(embedded_demo, home, force=True, progress=lambda _: None)
    assert table_checksums(home) == table_checksums(embedded_demo)


def _key(period: str) -> dict[str, str]:
    return {"indicator": "ATI-01", "member": KENITRA, "period": period, "sex": "total"}


def test_a_lake_writer_waits_for_another_server_then_is_refused_with_nothing_written(
    embedded_demo: Path, postgres_catalogs: LakeCatalogs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = postgres_catalogs.lake_from_file(embedded_demo, tmp_path / "lake" / "mel.duckdb")
    monkeypatch.setattr(lake, "LOCK_RETRY_SECONDS", 0.5)
    before = table_checksums(home)
    the_lake = store.lake_for(home)
    assert the_lake is not None
    with psycopg.connect(the_lake.catalog, autocommit=True) as other_server:
        other_server.execute("SELECT pg_advisory_lock(%s)", (lake.WRITER_LOCK_KEY,))
        with pytest.raises(DatabaseBusy, match="another server is saving; nothing was written"):
            record.record_value(KENITRA, "ATI-01", "2026-Q3", 62.0, recorded_by="test", master=home)
    assert table_checksums(home) == before
    # The other server is gone (its session ended): the lock went with it.
    record.record_value(KENITRA, "ATI-01", "2026-Q3", 62.0, recorded_by="test", master=home)
    assert table_checksums(home) != before


def test_migrate_brings_a_lake_up_to_date(
    embedded_demo: Path, postgres_catalogs: LakeCatalogs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = postgres_catalogs.lake_from_file(embedded_demo, tmp_path / "lake" / "mel.duckdb")
    migrations = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, migrations)
    (migrations / "099_notes.sql").write_text(
        "CREATE TABLE core.notes (note_id INTEGER PRIMARY KEY, text VARCHAR NOT NULL CHECK (text <> ''));\n"
        "ALTER TABLE core.meetings ADD COLUMN place VARCHAR;\n"
        "CREATE VIEW notes AS SELECT * FROM core.notes;\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", migrations)
    assert build.upgrade(home) == [99]
    cur = Reader(home).cursor()
    assert cur.execute("SELECT count(*) FROM notes").fetchone() == (0,)
    assert cur.execute("SELECT count(place) FROM core.meetings").fetchone() == (0,)
    assert build.upgrade(home) == []
    (migrations / "100_fill.sql").write_text("UPDATE core.meetings SET place = 'town hall';\n", encoding="utf-8")
    before = table_checksums(home)
    with pytest.raises(lake.MigrationNeedsCopy, match=r"100_fill\.sql changes data"):
        build.upgrade(home)
    assert table_checksums(home) == before


def test_the_settings_name_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MEL_STORE", "MEL_LAKE_CATALOG", "MEL_LAKE_DATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(store, "SECRETS", tmp_path / "secrets.toml")
    assert store.configured() is None  # the embedded file by default
    monkeypatch.setenv("MEL_STORE", "lakehouse")
    with pytest.raises(store.StoreMisconfigured, match="embedded, ducklake"):
        store.configured()
    monkeypatch.setenv("MEL_STORE", "ducklake")
    with pytest.raises(store.StoreMisconfigured, match="MEL_LAKE_CATALOG"):
        store.configured()
    (tmp_path / "secrets.toml").write_text(
        '[store]\nkind = "ducklake"\ncatalog = "dbname=mel host=db password=secret"\ndata_path = "/srv/lake"\n',
        encoding="utf-8",
    )
    monkeypatch.delenv("MEL_STORE")
    configured = store.configured()
    assert configured == store.Lake("dbname=mel host=db password=secret", "/srv/lake")
    assert "secret" not in configured.label
    monkeypatch.setenv("MEL_LAKE_DATA", "/mnt/lake")  # the environment wins
    assert store.configured() == store.Lake("dbname=mel host=db password=secret", "/mnt/lake")


def test_the_copy_command_checks_and_refuses_to_overwrite(embedded_demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.duckdb"

    def copy(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mel", "copy", "--from", f"embedded:{embedded_demo}", "--to", f"embedded:{target}",
             *extra],
            env={**store_env(embedded_demo), "PATH": "/usr/bin:/bin"}, cwd=ROOT, capture_output=True, text=True,
            check=False,
        )  # fmt: skip

    done = copy()
    assert done.returncode == 0 and "every checksum matches" in done.stdout, done.stderr
    again = copy()
    assert again.returncode == 1 and "already exists: use --force" in again.stderr
    assert copy("--force").returncode == 0
    assert table_checksums(target) == table_checksums(embedded_demo)
