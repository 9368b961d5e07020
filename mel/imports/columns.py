"""A table's columns parsed as wholes: each parser runs once per distinct cell, not once per row.

Codes, periods and sexes repeat all through a file, so a column of 100,000 cells is a few dozen
parser calls. The results are the same as parsing row by row, and the frames built from them
have the types pandas gives rows of the same Python values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.types import infer_dtype


def objects(values: list[Any]) -> np.ndarray:
    """A one-dimensional array of Python objects (even of tuples or lists)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def cells(column: pd.Series) -> np.ndarray:
    """A column's cells as the Python objects reading it row by row gives (``tolist``)."""
    return column.to_numpy() if column.dtype == object else objects(column.tolist())


@dataclass(frozen=True)
class Parsed:
    """A column's parsed cells, held once per distinct cell: ``values[codes]`` is the whole column."""

    codes: np.ndarray  # one per row: its cell's place in ``values``
    values: np.ndarray  # objects, one per distinct cell

    @classmethod
    def of(cls, column: pd.Series | np.ndarray, parse: Callable[[Any], Any]) -> Parsed:
        """``parse`` of every cell; text is parsed once per distinct text.

        Cells of other types (a workbook's numbers and dates, an editor's floats) are parsed one
        by one: 1, 1.0 and True are equal as keys but are not the same cell.
        """
        raw = cells(column) if isinstance(column, pd.Series) else column
        if len(raw) and infer_dtype(raw, skipna=False) == "string":
            codes, distinct = pd.factorize(raw)
            return cls(codes, objects([parse(text) for text in distinct]))
        return cls(np.arange(len(raw)), objects([parse(cell) for cell in raw]))

    @classmethod
    def empty(cls, size: int, value: Any) -> Parsed:
        """A column the table lacks: the same value in every row."""
        return cls(np.zeros(size, dtype=np.intp), objects([value]))

    def rows(self) -> np.ndarray:
        """The parsed value of every row."""
        return self.values[self.codes]

    def map(self, function: Callable[[Any], Any], dtype: Any = object) -> np.ndarray:
        """``function`` of every row's parsed value, computed once per distinct cell."""
        results = [function(value) for value in self.values]
        return (objects(results) if dtype is object else np.array(results, dtype=dtype))[self.codes]

    def key(self) -> np.ndarray:
        """A number per row, the same for rows whose parsed values are equal (None as '')."""
        numbers, _ = pd.factorize(objects(["" if value is None else value for value in self.values]))
        return numbers[self.codes]

    def typed(self, keep: np.ndarray) -> Any:
        """The values of rows ``keep`` as the column pandas infers from them, or None where it is not plain.

        Plain: text (missing values as NaN), numbers with a decimal point (NaN for missing), or
        nothing at all. Text is built once per distinct value and taken, as pandas would hold it.
        """
        distinct, picked = np.unique(self.codes[keep], return_inverse=True)
        present = self.values[distinct]
        kinds = {type(value) for value in present}
        if kinds <= {float, type(None)} and float in kinds:
            return pd.Series(present[picked], dtype=np.float64)  # None is NaN, as pandas infers
        if kinds == {type(None)}:
            return pd.Series(present[picked], dtype=object)
        if kinds <= {str, type(None)} and isinstance(TEXT, pd.StringDtype):
            text = pa.array(present.tolist(), type=pa.large_string()).take(pa.array(picked))
            return pd.Series(pd.array(text, dtype=TEXT))
        return None


# The type pandas infers for a column of text (its own text type, or objects if so configured).
TEXT = pd.Series(["text"]).dtype


def frame_like_rows(columns: dict[str, Parsed | np.ndarray], keep: np.ndarray) -> pd.DataFrame:
    """The rows ``keep`` of ``columns`` as pandas builds a frame from rows of Python values.

    Each column is typed the way pandas infers it from its values; the plain ones are built
    directly, the others through pandas itself.
    """
    if not len(keep):
        return pd.DataFrame([], columns=list(columns))
    built: dict[str, pd.Series | None] = {}
    for name, column in columns.items():
        if isinstance(column, Parsed):
            built[name] = column.typed(keep)
        else:
            built[name] = pd.Series(column[keep]) if column.dtype == np.int64 else None
    inferred = [name for name, series in built.items() if series is None]
    if inferred:
        rows = zip(*(_picked(columns[name], keep) for name in inferred), strict=True)
        by_pandas = pd.DataFrame(list(rows), columns=inferred)
        built.update({name: by_pandas[name] for name in inferred})
    return pd.DataFrame(built)


def _picked(column: Parsed | np.ndarray, keep: np.ndarray) -> list[Any]:
    return (column.rows() if isinstance(column, Parsed) else column)[keep].tolist()


def row_numbers(column: pd.Series) -> np.ndarray:
    """Each row's number (``int`` of its cell): whole numbers as int64, anything else as Python ints."""
    raw = cells(column)
    if len(raw) and infer_dtype(raw, skipna=False) == "integer":
        try:
            return raw.astype(np.int64)
        except OverflowError:
            pass
    return objects([int(cell) for cell in raw])


def first_positions(keys: list[np.ndarray]) -> np.ndarray:
    """For each row, the position of the first row with the same numbers in every key."""
    group = keys[0]
    for key in keys[1:]:  # combined two at a time, renumbered each time: the numbers stay below rows²
        group, _ = pd.factorize(group * (int(key.max(initial=0)) + 1) + key)
    _, first = np.unique(group, return_index=True)  # group numbers follow first appearance
    return np.asarray(first[group], dtype=np.int64)
