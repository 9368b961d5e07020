"""What a plausible value is: the same bounds on every path (files, the in-app editor, ``mel record``).

Each check returns a catalog key naming what is wrong, or None. Numbers are already finite here
(``imports.parse_number`` refuses NaN and infinities).
"""

from __future__ import annotations

# An indicator counted in units (people, documents, services): more than Morocco's population
# (37 million in 2024) in one member and quarter is a typing error, not a measure.
MAX_COUNT = 10_000_000
# Days (a delay in answering requests, publishing a budget): ten years is the most that means anything.
MAX_DAYS = 3_650
# People at one participation event (women, men or youth).
MAX_PEOPLE = 1_000_000


def indicator_value_problem(unit: str, value: float) -> str | None:
    """Why ``value`` cannot be a value of an indicator measured in ``unit``; None if it can."""
    if unit == "percent":
        return None if 0 <= value <= 100 else "import.error.percent_range"
    if value < 0:
        return "import.error.negative"
    if unit == "count" and not value.is_integer():
        return "import.error.not_whole"
    if value > (MAX_DAYS if unit == "days" else MAX_COUNT):
        return "import.error.implausible"
    return None


def people_count_problem(count: int) -> str | None:
    """Why ``count`` cannot be a number of people at one event; None if it can."""
    if count < 0:
        return "import.error.negative_count"
    if count > MAX_PEOPLE:
        return "import.error.implausible"
    return None


def limit_for(unit: str) -> int:
    """The largest plausible value for an indicator's unit (for the messages)."""
    return {"percent": 100, "days": MAX_DAYS}.get(unit, MAX_COUNT)
