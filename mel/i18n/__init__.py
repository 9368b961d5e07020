"""Interface strings in Arabic, French and English, and locale formatting (Babel).

Catalogs are ``mel/i18n/{ar,fr,en}.json``, flat ``key -> text`` maps with ``{name}`` fields. A text
that counts something is instead a plural object, CLDR category -> text (``{"one": "one problem",
"other": "{n} problems"}``), with the count in ``{n}``: ``t(lang, key, n=7)`` picks the language's form.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.numbers import NumberFormatError, format_decimal, format_percent, parse_decimal

from mel.paths import I18N_DIR

LANGUAGES = ("ar", "fr", "en")
DEFAULT_LANGUAGE = "fr"
LOCALES = {"ar": "ar_MA", "fr": "fr_MA", "en": "en"}
RLM = "\u200f"  # right-to-left mark: keeps "%" and brackets beside Arabic in order


Entry = str | dict[str, str]  # a text, or a plural object: CLDR category -> text


@cache
def catalog(lang: str) -> dict[str, Entry]:
    """The whole catalog of one language: texts, and plural objects for the texts that count."""
    if lang not in LANGUAGES:
        raise KeyError(f"unknown language {lang!r}")
    return json.loads((I18N_DIR / f"{lang}.json").read_text(encoding="utf-8"))


def normalise_language(value: Any) -> str:
    """A supported language code from user input (query parameter), else the default."""
    text = str(value or "").strip().lower()[:2]
    return text if text in LANGUAGES else DEFAULT_LANGUAGE


def is_rtl(lang: str) -> bool:
    """Whether the language is written right to left."""
    return lang == "ar"


@cache
def _plural_rule(lang: str) -> Any:
    return Locale.parse(LOCALES[lang]).plural_form


def plural_categories(lang: str) -> frozenset[str]:
    """The CLDR plural categories of the language (en: one, other; ar: zero, one, two, few, many, other)."""
    return frozenset(_plural_rule(lang).tags | {"other"})


def plural_category(lang: str, n: float | int | Decimal | str) -> str:
    """The CLDR plural category of the count ``n`` in the language ("one", "few"...).

    ``n`` may already be written in the language ("1 234", "+2,5"): its value is read back."""
    if not isinstance(n, str):
        return str(_plural_rule(lang)(abs(n)))
    text = n.strip().strip("+\u2068\u2069\u200f\u061c").replace("\u2212", "-")
    try:
        value = parse_decimal(text, locale=LOCALES[lang], strict=False)
    except NumberFormatError:
        return "other"
    return str(_plural_rule(lang)(abs(value)))


def t(lang: str, key: str, n: float | int | Decimal | str | None = None, **fields: Any) -> str:
    """The text for ``key`` in ``lang``, with ``{fields}`` filled in.

    For a plural object, ``n`` is the count: it picks the language's plural form (Arabic has six)
    and fills ``{n}``, written in the language's number format (a string is used as written)."""
    entry = catalog(lang)[key]
    if n is not None:
        fields["n"] = n
    if isinstance(entry, dict):
        if n is None:
            raise TypeError(f"{key!r} counts something: pass n")
        text = entry.get(plural_category(lang, n), entry["other"])
        if not isinstance(n, str):
            fields["n"] = decimal(lang, n)
    else:
        text = entry
    return text.format(**fields) if fields else text


def number(lang: str, value: float | int | None, digits: int = 0) -> str:
    """A number in the language's format; an en dash when missing."""
    if value is None or value != value:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def decimal(lang: str, value: float | int | Decimal | None) -> str:
    """A number in the language's format with up to two decimals, none when whole (96.4, 49)."""
    if value is None or value != value:
        return "–"
    return format_decimal(value, format="#,##0.##", locale=LOCALES[lang])


def percent(lang: str, share: float | None, digits: int = 0) -> str:
    """A share (0-1) as a percentage in the language's format."""
    if share is None or share != share:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    # Halves up, as the thresholds read it (metrics.shown_share) and SQL's round: 74.5 % shows 75 %.
    exact = Decimal(repr(round(float(share) * 100, 6)))
    shown = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP).scaleb(-2)
    text = format_percent(shown, format=pattern, locale=LOCALES[lang])
    return text + RLM if is_rtl(lang) else text


def day(lang: str, value: date | None, style: str = "medium") -> str:
    """A date in the language's format."""
    if value is None:
        return "–"
    return format_date(value, style, locale=LOCALES[lang])


def moment(lang: str, value: datetime | None) -> str:
    """A day and a time of day (to the minute) in the language's format."""
    if value is None:
        return "–"
    return f"{format_date(value, 'medium', locale=LOCALES[lang])} {format_time(value, 'short', locale=LOCALES[lang])}"


def month(lang: str, value: date) -> str:
    """Month and year, e.g. ``nov. 2024``."""
    return format_date(value, "MMM y", locale=LOCALES[lang])


def join(lang: str, items: list[str]) -> str:
    """Items as a list in the language: "a, b and c", « a, b et c », "a وb وc"."""
    return format_list(items, locale=LOCALES[lang]) if items else ""


def name_column(lang: str, stem: str = "name") -> str:
    """Which name column to show (``name_ar`` / ``name_fr``, or another stem): collectivities
    have names in Arabic and French only, so English shows the French name."""
    return f"{stem}_ar" if lang == "ar" else f"{stem}_fr"


def quarter(lang: str, period: str) -> str:
    """A ``YYYY-Qn`` period in words: ``Q3 2024``, ``T3 2024``, ``الفصل 3 من 2024``."""
    year, number = period.split("-Q")
    return t(lang, "period.quarter", year=year, q=number)


def column_label(lang: str, name: str) -> str:
    """A column's header in the language (``col.NAME`` in the catalog), else the name itself."""
    label = catalog(lang).get(f"col.{name}", name)
    return label if isinstance(label, str) else name
