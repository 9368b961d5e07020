"""Recording one indicator value from the command line: the same checks and history as a file.

The value goes through the import path (``imports.commit_frame``) as a one-row table, so the
rules are the same everywhere: a known member and indicator, a period inside the member's
programme and not in the future, a plausible value for the indicator's unit, women + men not
above the total. A correction is a new version; nothing is overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from mel import imports, vocabulary
from mel.auth import command_line
from mel.batches import value_history
from mel.db import Reader
from mel.imports.cells import ImportRejected

SEXES = vocabulary.SEXES.codes


class RecordError(ValueError):
    """A value that cannot be recorded, with the reasons (one per line, in the language asked)."""

    def __init__(self, message: str, problems: int = 1) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class Recorded:
    """What a write did."""

    batch: int
    observation_id: int
    version: int
    supersedes: int | None

    def __str__(self) -> str:
        if self.supersedes:
            return f"recorded version {self.version} (batch {self.batch}), superseding observation {self.supersedes}"
        return f"recorded version 1 (batch {self.batch})"


def record_value(
    member_code: str,
    indicator_code: str,
    period: str,
    value: float | None,
    sex: str = "total",
    source: str | None = None,
    recorded_by: str = "cli",
    note: str | None = None,
    master: Path | None = None,
    today: date | None = None,
    lang: str = "en",
) -> Recorded:
    """Append a value through the import checks; RecordError says why it was refused."""
    if sex not in SEXES:
        raise RecordError(f"sex must be one of {SEXES}")
    row = {
        "member_code": member_code,
        "indicator_code": indicator_code,
        "period": period,
        "sex": sex,
        "value": "" if value is None else repr(float(value)),
        "source": source or "",
        "note": note or "",
        "_row": 1,
    }
    frame = pd.DataFrame([row], dtype=object)
    try:
        batch = imports.commit_frame(
            "observations", frame, command_line(recorded_by), "command line", None, today or date.today(), master
        )
    except ImportRejected as rejected:
        raise RecordError("\n".join(rejected.messages(lang)), len(rejected.problems)) from None
    stored_period = imports.parse_period(period) or period
    reader = Reader(master)
    try:
        history = value_history(reader, member_code, indicator_code.upper(), stored_period, sex)
    finally:
        reader.close()
    last = history.iloc[-1]
    supersedes = None if pd.isna(last["supersedes"]) else int(last["supersedes"])
    return Recorded(batch, int(last["observation_id"]), int(last["version"]), supersedes)
