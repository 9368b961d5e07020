"""The project's SQL, in files under ``mel/sql``, loaded by name.

Layout:

- ``mel/sql/views.sql``: every public view and macro, defined once with ``CREATE OR REPLACE``, in
  dependency order; applied after the numbered table migrations each time they run
  (``mel.migrate.migrate``).
- ``mel/sql/STORY/NAME.sql``: one read query, in the folder of the story it serves (``growth``,
  ``plan``, ``gender``, ``evaluation``, ``overview``, ``reporting``, ``meetings``, ``census``,
  ``ogp``, ``choices``, ``data_in``, ``export``, ``accounts``, ``bench``), named for what it returns.
- ``mel/sql/STORY/MODULE_write.sql``: every statement one writing module runs, as named sections
  in aiosql's format: a line ``-- name: SECTION`` starts a section, the ``--`` lines right after it
  are its documentation, and its statement runs to the next ``-- name:`` line.

Names: ``load("growth/members_by_month")`` is a whole file (``.sql`` left out);
``load("data_in/imports_write:insert_batch")`` is one section of a file. An unknown file or section
raises KeyError. Texts are read once per process.
"""

from __future__ import annotations

import re
from functools import cache

from mel.paths import SQL_DIR

_SECTION = re.compile(r"^-- name: ([a-z][a-z0-9_]*)\s*$", re.MULTILINE)


@cache
def load(name: str) -> str:
    """The SQL named ``FOLDER/FILE`` (the whole file) or ``FOLDER/FILE:SECTION`` (one section)."""
    file, _, section = name.partition(":")
    if not section:
        return _text(file)
    found = sections(file)
    if section not in found:
        raise KeyError(f"no section {section!r} in {SQL_DIR / file}.sql (it has: {', '.join(found) or 'none'})")
    return found[section]


@cache
def sections(file: str) -> dict[str, str]:
    """The named sections of ``mel/sql/FILE.sql``, in order (empty for a file without any)."""
    parts = _SECTION.split(_text(file))
    named = dict(zip(parts[1::2], (text.strip() + "\n" for text in parts[2::2]), strict=True))
    if len(named) != len(parts) // 2:
        raise ValueError(f"{SQL_DIR / file}.sql names a section twice")
    return named


def names() -> list[str]:
    """Every name ``load`` answers: each file, and each section of a file that has sections."""
    out = []
    for path in sorted(SQL_DIR.rglob("*.sql")):
        file = path.relative_to(SQL_DIR).with_suffix("").as_posix()
        found = sections(file)
        out += [f"{file}:{section}" for section in found] if found else [file]
    return out


def _text(file: str) -> str:
    path = SQL_DIR / f"{file}.sql"
    if ".." in file or not path.is_file():
        raise KeyError(f"no SQL file named {file!r} in {SQL_DIR}")
    return path.read_text(encoding="utf-8")
