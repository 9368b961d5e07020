"""Where the project's files live."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
SQL_DIR = Path(__file__).resolve().parent / "sql"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
I18N_DIR = Path(__file__).resolve().parent / "i18n"


def db_path() -> Path:
    """The master database file: ``MEL_DB`` if set, else ``data/mel.duckdb``."""
    return Path(os.environ.get("MEL_DB") or DATA_DIR / "mel.duckdb")


def snapshot_pointer(master: Path | None = None) -> Path:
    """The small file naming the current read-only snapshot, beside the master."""
    master = master or db_path()
    return master.with_name(master.stem + ".read.current")
