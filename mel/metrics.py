"""Metric definitions shared by queries, charts and reports."""

from __future__ import annotations

from datetime import date

from mel.periods import parse_quarter, quarter_of, shift_quarter

# An indicator is "on track" (green) when its latest value has covered at least this share
# of the way from baseline to target, "at risk" (amber) from AMBER_THRESHOLD, else red.
ON_TRACK_THRESHOLD = 0.75
AMBER_THRESHOLD = 0.40


def rag(achievement: float | None) -> str:
    """``green`` / ``amber`` / ``red`` for a share of the way to target; ``grey`` when unknown."""
    if achievement is None or achievement != achievement:
        return "grey"
    if achievement >= ON_TRACK_THRESHOLD:
        return "green"
    if achievement >= AMBER_THRESHOLD:
        return "amber"
    return "red"


def last_complete_quarter(today: date) -> str:
    """The latest quarter that has ended by ``today`` (values are reported after a quarter ends)."""
    return shift_quarter(quarter_of(today), -1)


def is_stale(latest_period: str | None, today: date) -> bool:
    """True when the two latest complete quarters have no value (or nothing was ever reported)."""
    if not latest_period:
        return True
    return parse_quarter(latest_period) < parse_quarter(shift_quarter(last_complete_quarter(today), -1))
