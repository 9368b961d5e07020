"""Small-group suppression: no figure built from fewer than five people is shown or downloaded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

MIN_PEOPLE = 5
SUPPRESSED = "< 5"


def suppress_count(count: Any) -> Any:
    """A count of people, or ``"< 5"`` when it is 1 to 4 (zero and missing are kept)."""
    if count is None or pd.isna(count):
        return None
    return SUPPRESSED if 0 < count < MIN_PEOPLE else count


def suppress_share(share: Any, base: Any) -> Any:
    """A share of people, or ``"< 5"`` when it was computed from fewer than five people."""
    if base is None or pd.isna(base) or share is None or pd.isna(share):
        return None
    return SUPPRESSED if base < MIN_PEOPLE else share


def suppressed(frame: pd.DataFrame, counts: Sequence[str], shares: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A copy with the ``counts`` columns and the ``shares`` columns (share -> its base column) suppressed."""
    out = frame.copy()
    for share, base in (shares or {}).items():
        out[share] = [suppress_share(s, b) for s, b in zip(frame[share], frame[base], strict=True)]
        out[share] = out[share].astype(object)
    for column in counts:
        out[column] = frame[column].map(suppress_count).astype(object)
    return out


def parity_index(women: Any, men: Any) -> float | None:
    """Women ÷ men (1 = parity); None when men is zero or either is missing."""
    if women is None or men is None or pd.isna(women) or pd.isna(men) or men == 0:
        return None
    return float(women) / float(men)
