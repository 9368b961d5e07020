"""Which store holds the database: the embedded DuckDB file (the default) or DuckLake.

The embedded file suits one server. DuckLake keeps its catalog in PostgreSQL and its data as
Parquet files on a path every server sees, so several app servers read and write the same data.
The choice is configuration: ``MEL_STORE=ducklake`` with ``MEL_LAKE_CATALOG`` (a PostgreSQL
connection string) and ``MEL_LAKE_DATA`` (the data path), or a ``[store]`` section in
``.streamlit/secrets.toml`` with ``kind``, ``catalog`` and ``data_path``. Either way the rest of
the code names a database by its master path (``MEL_DB``): with DuckLake that path is only the
home of the accounts file beside it, and no DuckDB file is written there.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from mel.paths import PROJECT_ROOT, db_path

KINDS = ("embedded", "ducklake")
SECRETS = PROJECT_ROOT / ".streamlit" / "secrets.toml"


class StoreMisconfigured(ValueError):
    """The store settings are incomplete or unknown."""


@dataclass(frozen=True)
class Lake:
    """A DuckLake: its PostgreSQL catalog (a libpq connection string) and its data path."""

    catalog: str
    data_path: str

    @property
    def label(self) -> str:
        """The catalog without its password, for messages."""
        return " ".join(part for part in self.catalog.split() if not part.startswith("password="))

    @property
    def uri(self) -> str:
        """What DuckDB's ATTACH takes."""
        return f"ducklake:postgres:{self.catalog}"


_bound: dict[Path, Lake | None] = {}


def _secrets() -> dict[str, str]:
    try:
        with SECRETS.open("rb") as handle:
            section = tomllib.load(handle).get("store", {})
    except FileNotFoundError:
        return {}
    return {str(k): str(v) for k, v in section.items()}


def configured() -> Lake | None:
    """The lake the settings name, or None for the embedded file (the default)."""
    secrets = _secrets()
    kind = os.environ.get("MEL_STORE") or secrets.get("kind") or "embedded"
    if kind not in KINDS:
        raise StoreMisconfigured(f"MEL_STORE must be one of {', '.join(KINDS)}, not {kind!r}")
    if kind == "embedded":
        return None
    catalog = os.environ.get("MEL_LAKE_CATALOG") or secrets.get("catalog")
    data_path = os.environ.get("MEL_LAKE_DATA") or secrets.get("data_path")
    if not catalog or not data_path:
        raise StoreMisconfigured(
            "DuckLake needs MEL_LAKE_CATALOG (e.g. 'dbname=mel host=db.example user=mel') and MEL_LAKE_DATA "
            "(a path every server sees), or catalog and data_path in the [store] section of .streamlit/secrets.toml"
        )
    return Lake(catalog, data_path)


def bind(master: Path, lake: Lake | None) -> None:
    """Name ``master`` as that lake (or, with None, as an embedded file) in this process."""
    _bound[Path(master).resolve()] = lake


def lake_for(master: Path | None = None) -> Lake | None:
    """The lake behind a master path, or None when it is an embedded file.

    A path bound with ``bind`` is what it was bound to; ``MEL_DB`` (or the default path) is what
    the settings say; any other path is an embedded file.
    """
    path = Path(master or db_path()).resolve()
    if path in _bound:
        return _bound[path]
    if path == db_path().resolve():
        return configured()
    return None


def environment(master: Path) -> dict[str, str]:
    """The environment another process needs to open the database ``master`` names, in its store."""
    lake = lake_for(master)
    if lake is None:
        return {"MEL_DB": str(master), "MEL_STORE": "embedded"}
    return {
        "MEL_DB": str(master),
        "MEL_STORE": "ducklake",
        "MEL_LAKE_CATALOG": lake.catalog,
        "MEL_LAKE_DATA": lake.data_path,
    }
