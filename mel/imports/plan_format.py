"""The plan workbook's shape: its sheets, their columns and the words a user may write in them.

Sheet names and headers are recognised in English, French or Arabic (as the template writes
them in any of the three, or as the canonical names below), in any case, with or without
accents and with spaces or underscores. Vocabulary cells (statuses, principles) accept the code
or its label in any language. Every label comes from the catalogs.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from mel import i18n, vocabulary

SHEETS = ("plan", "axes", "projects", "milestones", "targets", "ieecag")
NOTES = "notes"
COLUMNS: dict[str, tuple[str, ...]] = {
    "plan": ("member_code", "cycle", "status", "co_created_on", "adopted_on", "start_on", "end_on",
             "focal_point_name", "focal_point_email", "focal_point_phone", "source", "demo"),
    "axes": ("axis", "title_ar", "title_fr", "title_en", "principles", "demo"),
    "projects": ("project_code", "axis", "title_ar", "title_fr", "title_en", "aim_ar", "aim_fr", "aim_en",
                 "lead_service", "budget_mad", "spent_mad", "start_on", "end_on", "status", "weight", "demo"),
    "milestones": ("project_code", "milestone", "title_ar", "title_fr", "title_en", "due_on", "weight", "done_on",
                   "demo"),
    "targets": ("indicator_code", "baseline_value", "baseline_on", "target_value", "target_on", "source", "demo"),
    "ieecag": ("period", "established_on", "members_women", "members_men", "meetings", "opinions_issued",
               "opinions_acted_on", "took_part_in_co_creation", "source", "demo"),
}  # fmt: skip
REQUIRED: dict[str, tuple[str, ...]] = {
    "plan": ("member_code", "cycle", "status"),
    "axes": ("axis", "principles"),
    "projects": ("project_code", "axis", "status"),
    "milestones": ("project_code", "milestone", "due_on"),
    "targets": ("indicator_code", "baseline_value", "target_value"),
    "ieecag": ("period",),
}
# Vocabularies, each defined once in the schema; their labels come from the catalogs.
PLAN_STATUSES = vocabulary.PLAN_STATUSES.codes
PROJECT_STATUSES = vocabulary.PROJECT_STATUSES.codes
PRINCIPLES = vocabulary.PRINCIPLES.codes
VOCABULARIES = {"plan_status": PLAN_STATUSES, "project_status": PROJECT_STATUSES, "principle": PRINCIPLES}
# Short forms people write for the principles, besides the catalog labels.
PRINCIPLE_WORDS = {
    "transparence": "transparency", "الشفافية": "transparency", "accès à l'information": "access_to_information",
    "access to information": "access_to_information", "الحق في الحصول على المعلومات": "access_to_information",
    "المشاركة المواطنة": "participation", "المشاركة": "participation", "digitalization": "digitalisation",
    "digitalisation": "digitalisation", "الرقمنة": "digitalisation", "genre": "gender", "égalité": "gender",
    "المساواة": "gender", "النوع الاجتماعي": "gender",
}  # fmt: skip
YES_WORDS = {"yes", "y", "true", "1", "oui", "o", "vrai", "نعم"}
NO_WORDS = {"no", "n", "false", "0", "non", "faux", "لا"}
_LIST_SEPARATORS = re.compile(r"\s*[;,،|/\n]\s*")


def normal(text: Any) -> str:
    """A name or word as compared: lower case, no accents, no tatweel, words joined by ``_``."""
    decomposed = unicodedata.normalize("NFKD", str(text).strip().lstrip("\ufeff").casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("\u0640", "")
    return re.sub(r"[^\w]+", "_", plain).strip("_")


@cache
def _sheet_names() -> dict[str, str]:
    names = {normal(s): s for s in (*SHEETS, NOTES)}
    for lang in i18n.LANGUAGES:
        for sheet in (*SHEETS, NOTES):
            names[normal(i18n.t(lang, f"plan_book.sheet.{sheet}"))] = sheet
    return names


def sheet_kind(name: str) -> str | None:
    """Which sheet of the plan workbook a sheet (or CSV file) name is, in any language."""
    return _sheet_names().get(normal(name))


@cache
def _headers(sheet: str) -> dict[str, str]:
    headers = {normal(c): c for c in COLUMNS[sheet]}
    for lang in i18n.LANGUAGES:
        for column in COLUMNS[sheet]:
            headers[normal(i18n.t(lang, f"plan_book.col.{column}"))] = column
    return headers


def column_of(sheet: str, header: Any) -> str | None:
    """The canonical column a header names on ``sheet``, in any language; None if none."""
    return _headers(sheet).get(normal(header))


def sheet_label(lang: str, sheet: str) -> str:
    """A sheet's name in ``lang`` (as the template writes it)."""
    return i18n.t(lang, f"plan_book.sheet.{sheet}")


def header_label(lang: str, column: str) -> str:
    """A column's header in ``lang`` (as the template writes it)."""
    return i18n.t(lang, f"plan_book.col.{column}")


@cache
def _words(vocabulary: str) -> dict[str, str]:
    codes = VOCABULARIES[vocabulary]
    words = {normal(c): c for c in codes}
    for lang in i18n.LANGUAGES:
        for code in codes:
            words[normal(i18n.t(lang, f"{vocabulary}.{code}"))] = code
    if vocabulary == "principle":
        words.update({normal(w): c for w, c in PRINCIPLE_WORDS.items()})
    return words


def vocabulary_code(vocabulary: str, cell: Any) -> str | None:
    """The code a cell names in ``vocabulary`` (its code or label in any language); None if none."""
    return _words(vocabulary).get(normal(cell))


def principle_codes(cell: Any) -> tuple[list[str], list[str]]:
    """The principles a cell lists (separated by commas, semicolons or lines): (codes, unknown words)."""
    codes: list[str] = []
    unknown: list[str] = []
    for word in _LIST_SEPARATORS.split(str(cell).strip()):
        if not word:
            continue
        code = vocabulary_code("principle", word)
        if code is None:
            unknown.append(word)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


def yes_no(cell: Any) -> bool | None:
    """True or False from yes/no in any language (or a checkbox); None if the cell says neither."""
    if isinstance(cell, bool):
        return cell
    text = str(cell).strip().casefold()
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    return None
