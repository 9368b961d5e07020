"""The checks of an observations table that need no current value, done column by column.

Each cell parser runs once per distinct text of its column (codes, periods and sexes repeat all
through a file), each check is a mask over the whole table, and a ``Problem`` is made only for a
row that fails. The outcome is that of checking the rows one by one, in order: per row, the
member, the indicator, the period, the sex and the value, then a repeated key for a row
without another problem.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from mel.auth import MEMBER_DATA, User
from mel.imports.cells import EXPECTED_VALUE, NO_VALUE, Problem, cell_text, parse_number, parse_period, parse_sex
from mel.imports.columns import Parsed, cells, first_positions, frame_like_rows, objects, row_numbers
from mel.periods import quarter_start
from mel.plausibility import indicator_value_problem, limit_for

Mask = np.ndarray  # of bool, one per row


@dataclass(frozen=True)
class Reference:
    """What the checks compare a table with: the database's members, indicators and plan windows."""

    members: set[str]
    indicators: dict[str, tuple[str, bool]]  # code -> (unit, reported by sex)
    windows: dict[str, tuple[str, str]]  # member -> first and last quarter taking values
    # (member, quarter) -> "submitted" or "approved": locked until returned or reopened
    locked: Mapping[tuple[str, str], str] = field(default_factory=dict)


def check_cells(
    frame: pd.DataFrame, user: User, reference: Reference, today: date
) -> tuple[list[Problem], pd.DataFrame]:
    """The problems of every row, in the order a row-by-row check finds them, and the rows without any.

    The rows come parsed, as the preview's columns (row, member_code, indicator_code, period, sex,
    value, source, note) and ``expected``: the value an in-app table showed, if any.
    """
    size = len(frame)
    rows = row_numbers(frame["_row"])
    raw = {c: cells(frame[c]) for c in ("member_code", "indicator_code", "period", "sex", "value")}
    codes = Parsed.of(raw["member_code"], cell_text)
    indicators = Parsed.of(raw["indicator_code"], lambda cell: cell_text(cell).upper())
    periods = Parsed.of(raw["period"], parse_period)
    sexes = Parsed.of(raw["sex"], parse_sex)
    values = Parsed.of(raw["value"], parse_number)
    code, indicator, period, value = codes.rows(), indicators.rows(), periods.rows(), values.rows()

    known_member = codes.map(reference.members.__contains__, bool)
    allowed = codes.map(lambda c: user.can(MEMBER_DATA, c), bool)
    known_indicator = indicators.map(reference.indicators.__contains__, bool)
    unit = indicators.map(lambda i: reference.indicators.get(i, (None, None))[0])
    whole_only = indicators.map(lambda i: i in reference.indicators and not reference.indicators[i][1], bool)

    no_period = periods.map(lambda p: p is None, bool)
    future = periods.map(lambda p: p is not None and quarter_start(p) > today, bool)
    period_text = periods.map(lambda p: p or "")
    in_window = (
        codes.map(reference.windows.__contains__, bool)
        & (codes.map(lambda c: reference.windows.get(c, ("", ""))[0]) <= period_text)
        & (period_text <= codes.map(lambda c: reference.windows.get(c, ("", ""))[1]))
    )
    outside = ~no_period & ~future & known_member & ~in_window
    lock = (
        pd.Series(list(zip(code, period_text, strict=True)), dtype=object).map(reference.locked).to_numpy()
        if reference.locked
        else np.full(size, None, dtype=object)
    )
    locked = ~no_period & pd.notna(lock)

    no_sex = sexes.map(lambda s: s is None, bool)
    not_by_sex = sexes.map(lambda s: s is not None and s != "total", bool) & whole_only

    no_number = values.map(lambda v: v is None, bool)
    implausible = _implausible(value, unit, ~no_number & known_indicator)
    bad_value = pd.notna(implausible)

    refused = ~known_member | (known_member & ~allowed) | ~known_indicator | no_period | future | outside | locked
    refused |= no_sex | not_by_sex | no_number | bad_value
    first_of_key = first_positions([codes.key(), indicators.key(), periods.key(), sexes.key()])
    duplicate = ~refused & (first_of_key != np.arange(size))

    # (rows failing, the check's place in a row's order, column, catalog key, the message's fields)
    checks: list[tuple[Mask, int, str, str | np.ndarray, Callable[[int], dict[str, Any]]]] = [
        (~known_member, 0, "member_code", "unknown_member_code", lambda i: {"value": code[i]}),
        (known_member & ~allowed, 0, "member_code", "not_allowed", lambda i: {"value": code[i]}),
        (~known_indicator, 1, "indicator_code", "unknown_indicator", lambda i: {"value": indicator[i]}),
        (no_period, 2, "period", "invalid_period", lambda i: {"value": cell_text(raw["period"][i])}),
        (~no_period & future, 2, "period", "future_period", lambda i: {"value": period[i]}),
        (outside, 2, "period", "outside_plan", lambda i: _window(code[i], period[i], reference)),
        (locked & ~outside, 2, "period", np.array([f"import.error.quarter_{st}" for st in lock], dtype=object),
         lambda i: {"value": period[i], "member": code[i]}),
        (no_sex, 3, "sex", "invalid_sex", lambda i: {"value": cell_text(raw["sex"][i])}),
        (not_by_sex, 3, "sex", "not_by_sex", lambda i: {"value": indicator[i]}),
        (no_number, 4, "value", "not_a_number", lambda i: {"value": cell_text(raw["value"][i])}),
        (bad_value, 4, "value", implausible,  # the key of each row's reason
         lambda i: {"value": cell_text(raw["value"][i]), "limit": limit_for(unit[i])}),
        (duplicate, 5, "period", "duplicate_key", lambda i: {"first_row": int(rows[first_of_key[i]])}),
    ]  # fmt: skip
    found = sorted(
        ((i, order, Problem(f"import.error.{key}" if isinstance(key, str) else key[i], int(rows[i]), column, fields(i)))
         for mask, order, column, key, fields in checks for i in np.flatnonzero(mask).tolist()),
        key=lambda f: (f[0], f[1]),
    )  # fmt: skip

    keep = np.flatnonzero(~refused & ~duplicate)
    preview = frame_like_rows(
        {"row": rows, "member_code": codes, "indicator_code": indicators, "period": periods, "sex": sexes,
         "value": values, "source": _optional(frame, "source", lambda cell: cell_text(cell) or None),
         "note": _optional(frame, "note", lambda cell: cell_text(cell) or None),
         "expected": _optional(frame, EXPECTED_VALUE, _expected)},
        keep,
    )  # fmt: skip
    return [problem for _, _, problem in found], preview


def _implausible(value: np.ndarray, unit: np.ndarray, checked: Mask) -> np.ndarray:
    """The plausibility problem (a catalog key) of each checked value, None elsewhere."""
    reasons = np.full(len(value), None, dtype=object)
    positions = np.flatnonzero(checked)
    for measure in pd.unique(unit[positions]):
        at = positions[unit[positions] == measure]
        numbers, inverse = np.unique(value[at].astype(float), return_inverse=True)
        reasons[at] = objects([indicator_value_problem(measure, float(n)) for n in numbers])[inverse]
    return reasons


def _window(code: str, period: str, reference: Reference) -> dict[str, Any]:
    first, last = reference.windows.get(code, ("–", "–"))
    return {"value": period, "first": first, "last": last}


def _optional(frame: pd.DataFrame, column: str, parse: Callable[[Any], Any]) -> Parsed:
    """An optional column's parsed cells; a column the table lacks reads as empty cells (None)."""
    if column not in frame.columns:
        return Parsed.empty(len(frame), parse(None))
    return Parsed.of(frame[column], parse)


def _expected(cell: Any) -> object:
    """The value a table showed when the user opened it: a number, NO_VALUE, or None (not given)."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return None
    text = cell_text(cell)
    if text == NO_VALUE:
        return NO_VALUE
    return parse_number(text) if text else None
