"""Named SQL files under ``mel/sql``, loaded by name."""

from __future__ import annotations

from functools import cache

from mel.paths import SQL_DIR


@cache
def load(name: str) -> str:
    """Return the text of ``mel/sql/NAME.sql``."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no SQL file named {name!r} in {SQL_DIR}")
    return path.read_text(encoding="utf-8")
