"""Plan workbooks in: check, preview what changes, write one batch, undo.

The same path for a file uploaded on the Data page, ``python -m mel import PLAN.xlsx``, the
plan shipped in ``data/plans/`` and the demo generator's plans: read (``plan_book``), check
against the database and the user's rights, compare with what is recorded (``plan_store``),
and write in one transaction as one import batch, or write nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from mel import i18n, reporting, sql
from mel.auth import User, recheck
from mel.batches import new_batch, reverse_milestone_updates
from mel.db import Reader, write_connection
from mel.imports.cells import ImportRejected, Problem, sha256
from mel.imports.milestones import locked_change
from mel.imports.plan_book import BookContext, PlanDraft, Sheet, read_book
from mel.imports.plan_checks import check_book
from mel.imports.plan_format import header_label, sheet_kind
from mel.imports.plan_store import (
    CHANGE_COLUMNS,
    Ids,
    Pending,
    Recorded,
    Title,
    change_rows,
    load_recorded,
    load_recorded_many,
    stage,
)
from mel.sheets import sheet_names

KIND = "plan"


@dataclass(frozen=True)
class PlanPreview:
    """What a plan workbook would change: one row per item and field, and the warnings."""

    kind: str
    rows: pd.DataFrame  # item, key, change (added / changed / removed), field, old, new, status
    draft: PlanDraft
    warnings: list[Problem] = field(default_factory=list)
    fingerprint: str = ""  # of the changes shown: a confirmation writes these or nothing

    def count(self, status: str) -> int:
        """How many changes have this status (added / changed / removed)."""
        return int((self.rows["status"] == status).sum()) if not self.rows.empty else 0

    @property
    def to_write(self) -> pd.DataFrame:
        """Every change (a plan workbook is written whole)."""
        return self.rows


def is_plan_book(data: bytes) -> bool:
    """Whether a file is a plan workbook: a workbook (or ZIP) with a sheet named as the plan sheet."""
    return any(sheet_kind(name) == "plan" for name in sheet_names(data))


def context(cur: duckdb.DuckDBPyConnection) -> BookContext:
    """The members and indicators a plan workbook may name, read once."""
    members: set[str] = set()
    indicators: dict[str, tuple[str, bool]] = {}
    for item, code, unit, by_sex in cur.execute(sql.load("plan/workbook_undo_write:members_indicators")).fetchall():
        if item == "member":
            members.add(code)
        else:
            indicators[code] = (unit, bool(by_sex))
    return BookContext(frozenset(members), indicators)


def locked_milestones(
    cur: duckdb.DuckDBPyConnection, book: dict[str, Sheet], draft: PlanDraft, recorded: Recorded
) -> None:
    """Refuse a workbook that moves a milestone's done date into or out of a locked quarter."""
    locked = reporting.locked_quarters(cur, [draft.member_code])
    if not locked:
        return
    sheet = book["milestones"].name if "milestones" in book else None
    problems = []
    for milestone in draft.milestones:
        old = recorded.milestones.get((milestone["project_code"], milestone["position"]))
        before = old["done_on"] if old else None
        if before != milestone["done_on"]:
            days = (before, milestone["done_on"])
            if refusal := locked_change(draft.member_code, days, locked, milestone.get("row"), sheet):
                problems.append(refusal)
    if problems:
        raise ImportRejected(problems)


def _preview(book: dict[str, Sheet], user: User, cur: duckdb.DuckDBPyConnection, today: date) -> PlanPreview:
    draft = check_book(book, user, context(cur), today)
    recorded = load_recorded(cur, draft.member_code, draft.cycle)
    locked_milestones(cur, book, draft, recorded)
    rows = change_rows(draft, recorded)
    changed = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    return PlanPreview(KIND, changed.assign(status=changed["change"]), draft, draft.warnings, fingerprint(rows))


def fingerprint(rows: list[dict[str, object]]) -> str:
    """A digest of the changes a workbook makes, to tell whether they are still those shown."""
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def validate(data: bytes, user: User, today: date | None = None, master: Path | None = None) -> PlanPreview:
    """Read and check a plan workbook, writing nothing: the changes it would make, or ImportRejected."""
    book = read_book(data)
    reader = Reader(master)
    try:
        return _preview(book, user, reader.cursor(), today or date.today())
    finally:
        reader.close()


def commit(
    data: bytes,
    file_name: str,
    user: User,
    today: date | None = None,
    master: Path | None = None,
    expected: str | None = None,
) -> int:
    """Check a plan workbook again inside the write transaction and write it as one batch; its id.

    ``expected`` is the fingerprint of the changes the user was shown: if someone else changed
    the plan since, the changes differ and nothing is written (the user previews again).
    """
    book = read_book(data)
    today = today or date.today()
    with write_connection(master) as con:
        user = recheck(con, user)  # the account as it is now, not as the session remembers it
        draft = check_book(book, user, context(con), today)
        recorded = load_recorded(con, draft.member_code, draft.cycle)
        locked_milestones(con, book, draft, recorded)
        if expected is not None and fingerprint(change_rows(draft, recorded)) != expected:
            raise ImportRejected([Problem("plan_book.error.changed_since")])
        key = (draft.member_code, draft.cycle)
        return _write(con, [(file_name, sha256(data), draft)], user.username, datetime.now(), Ids(con),
                      recorded={key: recorded})[0]  # fmt: skip


def commit_many(
    files: list[tuple[str, bytes]], user: User, today: date | None = None, master: Path | None = None
) -> list[int]:
    """Import many plan workbooks (a secretariat's folder) in one transaction, one batch each.

    Every file is read and checked first; a problem in any writes nothing, and each problem names
    its file and sheet. Workbooks identical to what is recorded are skipped. Returns the batch ids.
    """
    today = today or date.today()
    books = []
    problems: list[Problem] = []
    for name, data in files:
        try:
            books.append((name, sha256(data), read_book(data)))
        except ImportRejected as rejected:
            problems += [in_file(name, p) for p in rejected.problems]
    with write_connection(master) as con:
        user = recheck(con, user)
        known = context(con)
        checked = []
        for name, digest, book in books:
            try:
                checked.append((name, digest, check_book(book, user, known, today)))
            except ImportRejected as rejected:
                problems += [in_file(name, p) for p in rejected.problems]
        first: dict[tuple[str, int], str] = {}
        for name, _, draft in checked:
            key = (draft.member_code, draft.cycle)
            if key in first:
                problems.append(Problem("plan_book.error.plan_twice", sheet=name, fields={"first": first[key]}))
            first.setdefault(key, name)
        if problems:
            raise ImportRejected(problems)
        recorded = load_recorded_many(con, [(d.member_code, d.cycle) for _, _, d in checked])
        books_by_name = {name: book for name, _, book in books}
        for name, _, draft in checked:
            before = recorded.get((draft.member_code, draft.cycle)) or Recorded()
            try:
                locked_milestones(con, books_by_name[name], draft, before)
            except ImportRejected as rejected:
                problems += [in_file(name, p) for p in rejected.problems]
        if problems:
            raise ImportRejected(problems)
        return _write(con, checked, user.username, datetime.now(), Ids(con), recorded=recorded)


def in_file(name: str, problem: Problem) -> Problem:
    """A problem of one of several files, naming the file before the sheet."""
    return replace(problem, sheet=f"{name}: {problem.sheet}" if problem.sheet else name)


def write_drafts(
    con: duckdb.DuckDBPyConnection,
    drafts: Sequence[tuple[str, str | None, PlanDraft]],
    who: str,
    recorded_at: datetime,
    fresh: bool = False,
) -> list[int]:
    """Write checked plans (name, SHA-256, draft) on an open connection, one batch each (the build's path).

    ``fresh``: the members have nothing recorded yet (a database being built), so nothing is read back.
    """
    return _write(con, drafts, who, recorded_at, Ids(con), fresh)


def check_books(
    cur: duckdb.DuckDBPyConnection, books: list[dict[str, Sheet]], user: User, today: date, demo: bool
) -> list[PlanDraft]:
    """Check many plan workbooks against one reading of the database (the demo generator's path)."""
    known = context(cur)
    return [check_book(book, user, known, today, demo=demo) for book in books]


def _write(
    con: duckdb.DuckDBPyConnection,
    drafts: Sequence[tuple[str, str | None, PlanDraft]],
    who: str,
    recorded_at: datetime,
    ids: Ids,
    fresh: bool = False,
    recorded: dict[tuple[str, int], Recorded] | None = None,
) -> list[int]:
    pending = Pending()
    written: list[int] = []
    # A database being built takes its batch ids in one go and its batch rows with the rest.
    free_ids = (
        iter(
            int(r[0])
            for r in con.execute(sql.load("plan/workbook_undo_write:batch_ids"), {"n": len(drafts)}).fetchall()
        )
        if fresh
        else None
    )
    for name, digest, draft in drafts:

        def start_batch(count: int, name: str = name, digest: str | None = digest) -> int:
            if free_ids is None:
                batch = new_batch(con, KIND, name, digest, count, who, recorded_at=recorded_at)
            else:
                batch = next(free_ids)
                pending.add("import_batches", {"batch_id": batch, "kind": KIND, "file_name": name, "sha256": digest,
                                               "rows_written": count, "recorded_at": recorded_at, "recorded_by": who,
                                               "action": "import"})  # fmt: skip
            written.append(batch)
            return batch

        key = (draft.member_code, draft.cycle)
        before = Recorded() if fresh else (recorded or {}).get(key) or load_recorded(con, *key)
        stage(draft, before, ids, pending, who, start_batch, recorded_at)  # a workbook with no change starts no batch
        if len(pending.tables.get("plan_milestones", ())) > 20_000:
            pending.write(con)
    if drafts and not written:  # every workbook as recorded: no empty batch
        raise ImportRejected([Problem("import.error.nothing_new")])
    pending.write(con)
    return written


def reverse(con: duckdb.DuckDBPyConnection, batch_id: int, reversal: int, user: User) -> int:
    """Undo (or redo) a plan batch: restore, for each thing it wrote, the version before it.

    The restored versions keep who recorded them, when, their source and demo flag; a plan, a
    target or an IEECAG record the batch brought in is withdrawn. Milestone updates are reversed
    as every milestone update is.
    """
    count = 0
    for plan_id, version, previous, top in con.execute(
        sql.load("plan/workbook_undo_write:versions"), {"batch": batch_id}
    ).fetchall():
        withdraw = previous is None
        key = {"plan": plan_id, "from": version if withdraw else previous, "to": top + 1}
        con.execute(sql.load("plan/workbook_undo_write:copy_plan"), {**key, "withdraw": withdraw, "batch": reversal})
        for item in ("axes", "projects", "milestones"):
            con.execute(sql.load(f"plan/workbook_undo_write:copy_{item}"), key)
        count += 1
    for table in ("target", "ieecag"):
        rows = con.execute(sql.load(f"plan/workbook_undo_write:{table}_rows"), {"batch": batch_id}).fetchall()
        for member, item_key, version, previous, top in rows:
            withdraw = previous is None
            con.execute(
                sql.load(f"plan/workbook_undo_write:copy_{table}"),
                {
                    "member": member,
                    "key": item_key,
                    "from": version if withdraw else previous,
                    "to": top + 1,
                    "withdraw": withdraw,
                    "batch": reversal,
                },
            )
            count += 1
    return count + reverse_milestone_updates(con, batch_id, reversal, user)


# Fields of the change rows named as the workbook's columns (their headers come from the catalogs).
FIELD_COLUMNS = {
    "axis_position": "axis",
    "is_demo": "demo",
    "meetings_held": "meetings",
    "created_on": "established_on",
}


def changes_shown(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The change rows in ``lang``: which part and item, added/changed/removed, the field, old and new."""

    def value(field_name: str, cell: object) -> object:
        if cell is None or (isinstance(cell, float) and cell != cell):
            return "–"
        if isinstance(cell, Title):
            return cell.pick(lang)
        if isinstance(cell, bool):
            return i18n.t(lang, "plan_book.yes" if cell else "plan_book.no")
        if field_name == "principles" and isinstance(cell, list):
            return ", ".join(i18n.t(lang, f"principle.{p}") for p in cell)
        if field_name == "status" and isinstance(cell, str):
            for vocabulary in ("plan_status", "project_status"):
                if f"{vocabulary}.{cell}" in i18n.catalog(lang):
                    return i18n.t(lang, f"{vocabulary}.{cell}")
        if isinstance(cell, date):
            return i18n.day(lang, cell)
        if isinstance(cell, int | float):
            return i18n.decimal(lang, cell)
        return str(cell)

    def field_label(name: str) -> str:
        if name == "title":
            return i18n.t(lang, "col.title")
        return header_label(lang, FIELD_COLUMNS.get(name, name))

    return pd.DataFrame(
        {
            "part": [i18n.t(lang, f"plan_change.item.{i}") for i in rows["item"]],
            "key": rows["key"],
            "change": [i18n.t(lang, f"plan_change.{c}") for c in rows["change"]],
            "field": [field_label(f) for f in rows["field"]],
            "old": [value(f, v) for f, v in zip(rows["field"], rows["old"], strict=True)],
            "new": [value(f, v) for f, v in zip(rows["field"], rows["new"], strict=True)],
        }
    )
