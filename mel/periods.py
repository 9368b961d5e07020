"""Reporting periods: quarters written ``YYYY-Qn``."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def quarter_of(day: date) -> str:
    """The quarter a day falls in, e.g. ``2024-Q3``."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def parse_quarter(period: str) -> tuple[int, int]:
    """(year, quarter) of a ``YYYY-Qn`` string; ValueError otherwise."""
    match = _QUARTER.match(period)
    if not match:
        raise ValueError(f"not a quarter: {period!r}")
    return int(match.group(1)), int(match.group(2))


@cache
def quarter_start(period: str) -> date:
    """First day of a quarter."""
    year, q = parse_quarter(period)
    return date(year, 3 * (q - 1) + 1, 1)


def quarter_end(period: str) -> date:
    """Last day of a quarter."""
    year, q = parse_quarter(period)
    return _last_day(year, 3 * q)


def _last_day(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def shift_quarter(period: str, n: int) -> str:
    """The quarter ``n`` quarters after (or before, if negative) ``period``."""
    year, q = parse_quarter(period)
    index = year * 4 + (q - 1) + n
    return f"{index // 4}-Q{index % 4 + 1}"


def quarters_between(first: str, last: str) -> list[str]:
    """Every quarter from ``first`` to ``last`` inclusive (empty if ``first`` is later)."""
    out = []
    current = first
    while parse_quarter(current) <= parse_quarter(last):
        out.append(current)
        current = shift_quarter(current, 1)
    return out
