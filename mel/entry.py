"""In-app entry: editable tables of a member's latest values and milestones, written through the
same checks and history as a file import."""

from __future__ import annotations

from datetime import date

import pandas as pd

from mel.db import Reader
from mel.i18n import t


def values_for_entry(reader: Reader, member: str, period: str, lang: str) -> pd.DataFrame:
    """Every indicator (by sex where disaggregated) with the member's current value for ``period``."""
    frame = reader.df("member_latest_values", {"member": member, "period": period})
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
    frame = reader.df("member_milestones", {"member": member})
    return pd.DataFrame(
        {
            "milestone_id": frame["milestone_id"],
            "milestone": frame[f"title_{lang}"],
            "project": frame[f"project_{lang}"],
            "due_on": pd.to_datetime(frame["due_on"]).dt.date,
            "done_on": pd.to_datetime(frame["done_on"]).dt.date,
        }
    )


def values_as_import(member: str, period: str, edited: pd.DataFrame) -> pd.DataFrame:
    """The edited values in the shape of an observations file (row numbers are the table's)."""
    rows = [
        {"_row": number, "member_code": member, "indicator_code": r.indicator_code, "period": period, "sex": r.sex,
         "value": r.value, "source": "entry", "note": ""}
        for number, r in enumerate(edited.itertuples(), start=1)
        if r.value is not None and not pd.isna(r.value)
    ]  # fmt: skip
    return pd.DataFrame(
        rows, columns=["_row", "member_code", "indicator_code", "period", "sex", "value", "source", "note"]
    )


def milestones_as_import(member: str, edited: pd.DataFrame) -> pd.DataFrame:
    """The edited milestones in the shape of a milestones file."""
    rows = [
        {"_row": number, "member_code": member, "milestone_id": int(r.milestone_id),
         "done_on": r.done_on.isoformat() if isinstance(r.done_on, date) and not pd.isna(r.done_on) else "",
         "note": "entry"}
        for number, r in enumerate(edited.itertuples(), start=1)
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["_row", "member_code", "milestone_id", "done_on", "note"])
