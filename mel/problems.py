"""Why a file or a table cannot be imported (each problem names its row and column, in the user's
language), and why any other write is refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mel import i18n


class Refused(ValueError):
    """A write refused for a reason the user can act on, nothing written: ``key`` is its catalog
    message and ``fields`` the values it names (the interface says it in the user's language)."""

    def __init__(self, message: str, key: str, **fields: Any) -> None:
        super().__init__(message)
        self.key = key
        self.fields = fields


@dataclass(frozen=True)
class Problem:
    """One reason a file cannot be imported: where (row, column) and why (a catalog key)."""

    key: str
    row: int | None = None
    column: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    sheet: str | None = None  # in a workbook of several sheets, the sheet's name as the user wrote it

    def message(self, lang: str) -> str:
        """The problem in the user's language, naming its row and column."""
        # Numbers in the language's format; the user's own text stays as written. In Arabic each
        # value is isolated, so that a date or a code keeps its order inside right-to-left text.
        fields = {k: _shown(lang, k, v) for k, v in self.fields.items()}
        reason = i18n.t(lang, self.key, **fields)
        if self.row is not None and self.column:
            reason = i18n.t(lang, "import.at_row_column", row=self.row, column=self.column, reason=reason)
        elif self.row is not None:
            reason = i18n.t(lang, "import.at_row", row=self.row, reason=reason)
        elif self.column:
            reason = i18n.t(lang, "import.at_column", column=self.column, reason=reason)
        return i18n.t(lang, "import.in_sheet", sheet=self.sheet, reason=reason) if self.sheet else reason


def _shown(lang: str, key: str, value: Any) -> Any:
    if key == "n":  # a count: the catalog's plural form writes it
        return value
    if type(value) is int and key != "value":
        value = i18n.number(lang, value)
    elif type(value) is float:
        value = i18n.number(lang, value, 0 if value.is_integer() else 2)
    return f"\u2068{value}\u2069" if i18n.is_rtl(lang) else value


class ImportRejected(Exception):
    """A file that cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def messages(self, lang: str) -> list[str]:
        """Every problem in the user's language."""
        return [p.message(lang) for p in self.problems]
