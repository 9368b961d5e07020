"""Metric definitions shared by queries, charts and reports."""

from __future__ import annotations

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
