"""The README's map of the code stays true: every folder it names exists, and every folder is named."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Folders the map must name: the project's top level, the domain's packages and the SQL's stories.
MAPPED_LEVELS = (ROOT, ROOT / "mel", ROOT / "mel" / "sql")
NOT_CODE = {"__pycache__"}


def map_section() -> str:
    """The text of the README's "Map of the code" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Map of the code\n(.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert match, 'README.md has no "## Map of the code" section'
    return match.group(1)


def named_folders() -> set[str]:
    """The folders the map's table names in its first column, as `path/`."""
    rows = re.findall(r"^\| *`([^`]+/)`", map_section(), re.MULTILINE)
    assert rows, "the map names no folder"
    return set(rows)


def test_every_folder_the_map_names_exists() -> None:
    missing = sorted(name for name in named_folders() if not (ROOT / name).is_dir())
    assert not missing, f"the README's map names folders that do not exist: {missing}"


def test_every_folder_is_on_the_map() -> None:
    named = named_folders()
    folders = {
        f"{path.relative_to(ROOT).as_posix()}/"
        for level in MAPPED_LEVELS
        for path in level.iterdir()
        if path.is_dir() and not path.name.startswith(".") and path.name not in NOT_CODE
    }
    assert not folders - named, f"folders missing from the README's map of the code: {sorted(folders - named)}"
