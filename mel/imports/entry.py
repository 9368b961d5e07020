"""In-app entry: editable tables of a member's latest values and milestones, written through the
same checks and history as a file import."""

from __future__ import annotations

from datetime import date

import pandas as pd

from mel.db import Reader
from mel.i18n import t
from mel.imports.cells import EXPECTED_DONE_ON, EXPECTED_VALUE, NO_VALUE


def values_for_entry(reader: Reader, member: str, period: str, lang: str) -> pd.DataFrame:
    """Every indicator (by sex where disaggregated) with the member's current value for ``period``."""
    frame = reader.df("data_in/entry_latest_values", {"member": member, "period": period})
    return pd.DataFrame(
        {
            "indicator_code": frame["indicator_code"],
            "indicator": frame[f"name_{lang}"],
            # the sex in the user's words; it is read back by the same parser as files
            "sex": frame["sex"].map(lambda s: t(lang, f"eval.measure.{s}")),
            "value": frame["value"].astype(float),
        }
    )


def milestones_for_entry(reader: Reader, member: str, lang: str) -> pd.DataFrame:
    """The member's milestones with due and done dates."""
    frame = reader.df("data_in/entry_milestones", {"member": member})
    return pd.DataFrame(
        {
            "milestone_id": frame["milestone_id"],
            "milestone": frame[f"title_{lang}"],
            "project": frame[f"project_{lang}"],
            "due_on": pd.to_datetime(frame["due_on"]).dt.date,
            "done_on": pd.to_datetime(frame["done_on"]).dt.date,
        }
    )


def values_as_import(member: str, period: str, shown: pd.DataFrame, edited: pd.DataFrame) -> pd.DataFrame:
    """The rows the user changed, in the shape of an observations file (row numbers are the table's).

    Only changed rows are sent, each with the value the table showed (``expected_value``): a
    value someone else saved meanwhile is then refused, never overwritten with a stale one.
    """
    rows = [
        {"_row": number, "member_code": member, "indicator_code": r.indicator_code, "period": period, "sex": r.sex,
         "value": r.value, "source": "entry", "note": "", EXPECTED_VALUE: _shown_value(before)}
        for number, (r, before) in enumerate(zip(edited.itertuples(), shown["value"], strict=True), start=1)
        if r.value is not None and not pd.isna(r.value) and (pd.isna(before) or float(r.value) != float(before))
    ]  # fmt: skip
    return pd.DataFrame(
        rows,
        columns=["_row", "member_code", "indicator_code", "period", "sex", "value", "source", "note", EXPECTED_VALUE],
    )


def milestones_as_import(member: str, shown: pd.DataFrame, edited: pd.DataFrame) -> pd.DataFrame:
    """The milestones the user changed, in the shape of a milestones file, each with the date the table showed."""
    rows = [
        {"_row": number, "member_code": member, "milestone_id": int(r.milestone_id), "done_on": _iso(r.done_on),
         "note": "entry", EXPECTED_DONE_ON: _iso(before) or NO_VALUE}
        for number, (r, before) in enumerate(zip(edited.itertuples(), shown["done_on"], strict=True), start=1)
        if _iso(r.done_on) != _iso(before)
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["_row", "member_code", "milestone_id", "done_on", "note", EXPECTED_DONE_ON])


def _shown_value(value: object) -> str:
    return NO_VALUE if value is None or pd.isna(value) else repr(float(value))  # type: ignore[arg-type]


def _iso(day: object) -> str:
    return day.isoformat() if isinstance(day, date) and not pd.isna(day) else ""
