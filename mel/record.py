"""Recording indicator values: append-only, a correction is a new version."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mel import sql
from mel.db import write_connection
from mel.periods import parse_quarter, quarter_start

SEXES = ("total", "women", "men")


class RecordError(ValueError):
    """A value that cannot be recorded, with the reason."""


@dataclass(frozen=True)
class Recorded:
    """What a write did."""

    observation_id: int
    version: int
    supersedes: int | None

    def __str__(self) -> str:
        if self.supersedes:
            return f"recorded version {self.version} (id {self.observation_id}), superseding id {self.supersedes}"
        return f"recorded version 1 (id {self.observation_id})"


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
) -> Recorded:
    """Append a value; if one exists for the same key, the new row supersedes it (both stay)."""
    try:
        parse_quarter(period)
    except ValueError as exc:
        raise RecordError(str(exc)) from None
    if sex not in SEXES:
        raise RecordError(f"sex must be one of {SEXES}")
    with write_connection(master) as con:
        if not con.execute(sql.load("record_member_exists"), {"member": member_code}).fetchone():
            raise RecordError(f"{member_code!r} is not a member")
        if not con.execute(sql.load("record_indicator_exists"), {"indicator": indicator_code}).fetchone():
            raise RecordError(f"unknown indicator {indicator_code!r}")
        previous = con.execute(
            sql.load("record_latest_version"),
            {"indicator": indicator_code, "member": member_code, "period": period, "sex": sex},
        ).fetchone()
        version = 1 if previous is None else previous[1] + 1
        supersedes = None if previous is None else previous[0]
        row = con.execute(
            sql.load("record_insert_observation"),
            {
                "indicator": indicator_code,
                "member": member_code,
                "period": period,
                "period_start": quarter_start(period),
                "sex": sex,
                "value": value,
                "source": source,
                "note": note,
                "version": version,
                "supersedes": supersedes,
                "recorded_by": recorded_by,
            },
        ).fetchone()
        assert row is not None
    return Recorded(observation_id=int(row[0]), version=version, supersedes=supersedes)
