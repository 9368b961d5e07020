"""Metric definitions shared by queries, charts and reports."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from mel.periods import quarter_of, quarter_start, shift_quarter
from mel.vocabulary import AMBER_THRESHOLD, ON_TRACK_THRESHOLD  # defined once, there


def rag(achievement: float | None) -> str:
    """``green`` / ``amber`` / ``red`` for a share of the way to target; ``grey`` when unknown."""
    if achievement is None or achievement != achievement:
        return "grey"
    if achievement >= ON_TRACK_THRESHOLD:
        return "green"
    if achievement >= AMBER_THRESHOLD:
        return "amber"
    return "red"


def shown_share(share: float, digits: int = 0) -> float:
    """A share (0-1) as it reads once shown as a percentage with ``digits`` decimals: 0.7496 -> 0.75.

    Rounded as ``mel.i18n.percent`` and the SQL ``round`` round (halves up), so a colour chosen
    from it always agrees with the figure printed beside it. The percentage is first rounded to
    six decimals: a share computed as 0.7449999999 reads 74.5 %, hence 75 %.
    """
    percent = Decimal(repr(round(float(share) * 100, 6)))
    return float(percent.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP).scaleb(-2))


def rag_as_shown(share: float | None, digits: int = 0) -> str:
    """The RAG colour of a share as displayed (rounded to ``digits`` decimals of a percent), not of its
    unrounded value: 74.96 % is shown as 75 % and is green when the threshold is 75 %."""
    if share is None or share != share:
        return "grey"
    return rag(shown_share(share, digits))


def last_complete_quarter(today: date) -> str:
    """The latest quarter that has ended by ``today`` (values are reported after a quarter ends)."""
    return shift_quarter(quarter_of(today), -1)


def fresh_since(today: date) -> date:
    """The first day of the older of the two latest complete quarters: a value from before is not recent."""
    return quarter_start(shift_quarter(last_complete_quarter(today), -1))


def is_stale(latest_period: str | None, today: date) -> bool:
    """True when the two latest complete quarters have no value (or nothing was ever reported)."""
    if not latest_period:
        return True
    return quarter_start(latest_period) < fresh_since(today)
