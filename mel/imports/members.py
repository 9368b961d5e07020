"""New members arrive as data: a members file (``member_code, kind, joined_on, cohort``, and
optionally ``source`` and ``source_url``: where the membership is published).

All or nothing: a file with any problem writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from mel import sql
from mel.auth import MEMBERS, User, recheck
from mel.db import Reader, next_id, write_connection
from mel.imports.cells import (
    ImportRejected,
    Problem,
    cell_text,
    parse_date,
    parse_int,
    read_table,
    require_columns,
    sha256,
)
from mel.reference import LEVEL_OF_KIND, NETWORK_CREATED

COLUMNS = ["member_code", "kind", "joined_on", "cohort"]
OPTIONAL_COLUMNS = ["source", "source_url"]
# Kinds as users write them, in the three languages.
KIND_WORDS = {
    "region": "region", "région": "region", "جهة": "region",
    "council": "council", "conseil": "council", "province": "council", "prefecture": "council",
    "préfecture": "council", "conseil préfectoral-provincial": "council", "مجلس عمالة أو إقليم": "council",
    "عمالة": "council", "إقليم": "council",
    "commune": "commune", "جماعة": "commune",
}  # fmt: skip


@dataclass(frozen=True)
class MembersPreview:
    """What an import would write."""

    rows: pd.DataFrame  # member_code, kind, joined_on, cohort, name_fr, name_ar, version, source, source_url


def validate(data: bytes, file_name: str, master: Path | None = None, today: date | None = None) -> MembersPreview:
    """Check a members file against the database, writing nothing; ImportRejected lists every problem."""
    frame = read_table(data, file_name)
    require_columns(frame, COLUMNS)
    reader = Reader(master)
    try:
        return _check(frame, reader.cursor(), today or date.today())
    finally:
        reader.close()


def check_rows(frame: pd.DataFrame, cur: duckdb.DuckDBPyConnection, today: date) -> MembersPreview:
    """Check members rows (text cells and a ``_row`` number each) against the database at ``cur``.

    The database build sends the named members and the demo placeholders through this same check.
    """
    return _check(frame, cur, today)


def _check(frame: pd.DataFrame, cur: duckdb.DuckDBPyConnection, today: date) -> MembersPreview:
    collectivities = cur.execute(sql.load("data_in/members_write:collectivities")).df().set_index("code")
    current = cur.execute(sql.load("data_in/members_write:current")).df().set_index("member_code")
    versions = dict(cur.execute(sql.load("data_in/members_write:versions")).fetchall())

    problems: list[Problem] = []
    seen: dict[str, int] = {}
    accepted = []
    for record in frame.to_dict("records"):
        row = int(record["_row"])
        code = cell_text(record["member_code"])
        kind_text = cell_text(record["kind"]).lower()
        kind = KIND_WORDS.get(kind_text)
        joined = parse_date(record["joined_on"])
        cohort = parse_int(record["cohort"])
        row_problems = []
        if not code or code not in collectivities.index or not bool(collectivities.loc[code, "can_be_member"]):
            row_problems.append(Problem("import.error.unknown_member", row, "member_code", {"value": code}))
        elif code in seen:
            row_problems.append(Problem("import.error.duplicate", row, "member_code", {"first_row": seen[code]}))
        elif code in current.index and pd.isna(current.loc[code, "left_on"]):
            row_problems.append(Problem("import.error.already_member", row, "member_code", {"value": code}))
        if code and code not in seen:
            seen[code] = row
        if kind is None:
            row_problems.append(Problem("import.error.invalid_kind", row, "kind", {"value": kind_text}))
        elif code in collectivities.index and LEVEL_OF_KIND[kind] != collectivities.loc[code, "level"]:
            row_problems.append(Problem("import.error.kind_mismatch", row, "kind", {"value": kind_text, "code": code}))
        if joined is None:
            row_problems.append(
                Problem("import.error.invalid_date", row, "joined_on", {"value": cell_text(record["joined_on"])})
            )
        elif joined < NETWORK_CREATED:
            row_problems.append(Problem("import.error.before_network", row, "joined_on", {"value": joined.isoformat()}))
        elif joined > today:
            row_problems.append(Problem("import.error.future_date", row, "joined_on", {"value": joined.isoformat()}))
        if cohort is None or cohort < 1:
            row_problems.append(
                Problem("import.error.invalid_cohort", row, "cohort", {"value": cell_text(record["cohort"])})
            )
        problems.extend(row_problems)
        if not row_problems:
            accepted.append(
                {
                    "member_code": code, "kind": kind, "joined_on": joined, "cohort": cohort,
                    "name_fr": collectivities.loc[code, "name_fr"], "name_ar": collectivities.loc[code, "name_ar"],
                    "version": int(versions.get(code, 0)) + 1,
                    "source": cell_text(record.get("source")) or None,
                    "source_url": cell_text(record.get("source_url")) or None,
                }
            )  # fmt: skip
    if problems:
        raise ImportRejected(problems)
    return MembersPreview(rows=pd.DataFrame(accepted))


def import_members(
    data: bytes,
    file_name: str,
    recorded_by: str,
    master: Path | None = None,
    today: date | None = None,
    user: User | None = None,
) -> int:
    """Validate then write the new members in one transaction, as one import batch; return the batch id.

    With ``user``, their account is read again inside the transaction and must still be an
    administrator's.
    """
    frame = read_table(data, file_name)
    require_columns(frame, COLUMNS)
    with write_connection(master) as con:
        if user is not None:
            recheck(con, user).require(MEMBERS)
        # Checked again inside the write transaction, against what is there now.
        rows = _check(frame, con, today or date.today()).rows
        batch = next_id(con, "data_in/imports_write:next_batch_id")
        con.execute(
            sql.load("data_in/members_write:insert_batch"),
            {"id": batch, "file_name": file_name, "sha256": sha256(data), "rows_written": len(rows),
             "recorded_by": recorded_by},
        )  # fmt: skip
        con.executemany(
            sql.load("data_in/members_write:insert_record"),
            [
                {"member": r.member_code, "kind": r.kind, "joined_on": r.joined_on, "cohort": int(r.cohort),
                 "source": r.source or f"import: {file_name}", "source_url": r.source_url,
                 "version": int(r.version), "recorded_by": recorded_by,
                 "batch": batch}
                for r in rows.itertuples()
            ],
        )  # fmt: skip
    return batch


__all__ = ["COLUMNS", "ImportRejected", "MembersPreview", "import_members", "validate"]
