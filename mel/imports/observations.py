"""Indicator values: checks against the member's programme, the unit and the sex split; new versions only."""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from mel import reporting, sql
from mel.auth import User
from mel.imports.cells import NO_VALUE, ImportRejected, Preview, Problem, cell_text, many_cells
from mel.imports.columns import TEXT
from mel.imports.observation_checks import Reference, check_cells
from mel.periods import quarter_of, quarter_start, shift_quarter

# How long after its end a plan still takes values: the year of self-assessment and reporting.
REPORTING_QUARTERS_AFTER_END = 4

# ---- observations ---------------------------------------------------------------------------------


def _plan_windows(cur: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """Per member: the first and last quarter its plans take values for."""
    rows = cur.execute(sql.load("data_in/imports_write:plan_windows")).fetchall()
    windows = {}
    for code, first, end in rows:
        if first is None:
            continue
        last = shift_quarter(quarter_of(end), REPORTING_QUARTERS_AFTER_END) if end else "9999-Q4"
        windows[code] = (quarter_of(first), last)
    return windows


def _members_in(frame: pd.DataFrame) -> list[str]:
    """The member codes a table names (each distinct text once)."""
    return sorted({cell_text(cell) for cell in pd.unique(frame["member_code"])} - {""})


def _check_observations(frame: pd.DataFrame, user: User, cur: duckdb.DuckDBPyConnection, today: date) -> Preview:
    reference = Reference(
        members={r[0] for r in cur.execute(sql.load("data_in/imports_write:member_codes")).fetchall()},
        indicators={
            r[0]: (r[1], r[2]) for r in cur.execute(sql.load("data_in/imports_write:indicator_units")).fetchall()
        },
        windows=_plan_windows(cur),
        locked=reporting.locked_quarters(cur, _members_in(frame)),
    )
    with many_cells():
        problems, preview = check_cells(frame, user, reference, today)
        if not preview.empty:
            current = _current_values(cur, preview)
            preview = preview.merge(current, on=["member_code", "indicator_code", "period", "sex"], how="left")
            problems.extend(_check_sex_sums(preview, current))
            problems.extend(_changed_since(preview))
    preview = preview.drop(columns=["expected"])
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    if preview.empty:
        raise ImportRejected([Problem("import.error.empty")])
    old, new = preview["old_value"], preview["value"]
    preview["status"] = np.where(old.isna(), "new", np.where((old - new).abs() < 1e-9, "unchanged", "correction"))
    return Preview("observations", preview)


def _changed_since(preview: pd.DataFrame) -> list[Problem]:
    """Rows whose value someone else changed after the user opened the table (a lost update otherwise)."""
    found = []
    # Only the rows an in-app table showed say what it showed (a file's rows do not).
    given = preview[pd.notna(preview["expected"].to_numpy(dtype=object))]
    for row, expected, old in zip(given["row"], given["expected"], given["old_value"], strict=True):
        now_empty = old is None or pd.isna(old)
        if (expected == NO_VALUE) != now_empty or (not now_empty and abs(float(old) - float(expected)) > 1e-9):
            shown = "–" if now_empty else f"{float(old):g}"
            found.append(Problem("import.error.changed_since", int(row), "value", {"value": shown}))
    return found


def _current_values(cur: duckdb.DuckDBPyConnection, keys: pd.DataFrame) -> pd.DataFrame:
    """The current value and version of each key, and the members' other sexes for the same periods."""
    cur.register("import_keys", keys[["member_code", "indicator_code", "period"]].drop_duplicates())
    try:
        table = cur.sql(sql.load("data_in/imports_write:current_values")).to_arrow_table()
    finally:
        cur.unregister("import_keys")
    # Through Arrow: the codes arrive as pandas text, without a Python object per cell.
    return table.to_pandas(types_mapper=_text)


def _text(kind: pa.DataType) -> object:
    """The preview's text type for an Arrow text column; pandas' default for the others."""
    text = pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    return TEXT if text and isinstance(TEXT, pd.StringDtype) else None


def _check_sex_sums(preview: pd.DataFrame, current: pd.DataFrame) -> list[Problem]:
    """Women, men and both together may not exceed the total: the file's values first, the database's otherwise.

    ``current`` holds the database's current value of every sex for the file's keys, so a new
    women's value is checked against a total already recorded, and a new total against the
    women and men already recorded. A sex not reported counts as 0.
    """
    key = ["member_code", "indicator_code", "period"]
    # Only keys with a value by sex, in the file or the database, can break the rule.
    sexed = pd.concat([preview.loc[preview["sex"] != "total", key], current.loc[current["sex"] != "total", key]])
    if sexed.empty:
        return []
    keys = pd.MultiIndex.from_frame(sexed.drop_duplicates())
    preview = preview[preview.set_index(key).index.isin(keys)]
    current = current[current.set_index(key).index.isin(keys)]
    new = preview.pivot_table(index=key, columns="sex", values="value", aggfunc="first")
    old = current.pivot_table(index=key, columns="sex", values="old_value", aggfunc="first")
    effective = new.combine_first(old).reindex(index=new.index, columns=["women", "men", "total"])
    effective = effective.dropna(subset=["total"]).dropna(how="all", subset=["women", "men"])
    if effective.empty:
        return []
    filled = effective.fillna({"women": 0.0, "men": 0.0})
    bad = effective[filled["women"] + filled["men"] > filled["total"] + 1e-9]
    last_row = preview.groupby(key)["row"].max()
    return [
        Problem("import.error.sexes_exceed_total", int(last_row[idx]), "value",
                {"women": _shown(r.women), "men": _shown(r.men), "total": r.total})
        for idx, r in zip(bad.index, bad.itertuples(), strict=True)
    ]  # fmt: skip


def _shown(value: float) -> str | float:
    """A value for a message: a sex not reported shows as a dash, never as nan."""
    return "–" if pd.isna(value) else value


def _write_observations(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, user: User, batch: int) -> None:
    """One INSERT for the whole batch (a 100,000-row file is written in well under a second)."""
    starts = {p: quarter_start(p) for p in rows["period"].unique()}
    frame = pd.DataFrame(
        {
            "indicator_code": rows["indicator_code"].astype(str),
            "member_code": rows["member_code"].astype(str),
            "period": rows["period"].astype(str),
            "period_start": rows["period"].map(starts),
            "sex": rows["sex"].astype(str),
            "value": rows["value"].astype(float),
            "source": rows["source"].astype(object),
            "note": rows["note"].astype(object),
            "version": pd.to_numeric(rows["old_version"]).fillna(0).astype(int) + 1,
            "supersedes": pd.to_numeric(rows["old_id"]).astype("Int64"),
        }
    )
    con.register("import_rows", frame)
    try:
        con.execute(
            sql.load("data_in/imports_write:insert_observations"), {"recorded_by": user.username, "batch": batch}
        )
    finally:
        con.unregister("import_rows")
