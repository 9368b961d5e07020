"""The database as it stood at the end of a past day, rebuilt from its append-only history.

The data model keeps its history: a correction, a revised plan, an undo are each a new row,
recorded at a moment (its own ``recorded_at``, or its import batch's). So the database as it
stood at the end of a day is every row recorded before the next day began, and every page, the
brief and the export show that moment when given ``rewound(reader, day)`` in place of the
reader. The one mark written in place, a batch's ``undone_by``, is cleared where the undo came
later; reference data (communes, census, indicators, sourced facts) has no history and is
copied as it is. ``RULES`` says which rule each table follows.

The copy is built in memory: the schema, views and macros from the migrations, then each table
of schema ``core`` read from the source through its public reader (one cursor, so one snapshot),
keeping the rows recorded by the end of the day, then the derived tables rebuilt. It never
opens a file itself, so it works whatever store holds the data.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta
from typing import Any

import duckdb

from mel import sql
from mel.db import Reader
from mel.migrate import migrate
from mel.paths import db_path

# How each table of schema ``core`` is rewound (``t`` is the table). ``$cutoff`` is the first
# moment after the day.
RECORDED = "t.recorded_at < $cutoff"
# A row written by a batch is as old as its batch: an undo or redo copies a plan's, a target's or
# an IEECAG record's earlier version with its own recording time, under the undo's batch. A row of
# no batch (the build's demo values) is as old as its own recording time.
_AS_OLD_AS_BATCH = (
    "CASE WHEN {row}.batch_id IN (SELECT batch_id FROM core.import_batches) "
    "THEN {row}.batch_id IN (SELECT batch_id FROM core.import_batches WHERE recorded_at < $cutoff) "
    "ELSE {row}.recorded_at < $cutoff END"
)
BATCHED = _AS_OLD_AS_BATCH.format(row="t")
# A plan's axes, projects and milestones belong to a version of the plan: kept with that version.
OF_PLAN_VERSION = (
    "(t.plan_id, t.version) IN (SELECT p.plan_id, p.version FROM core.plan_versions p "
    f"WHERE {_AS_OLD_AS_BATCH.format(row='p')})"
)
WHOLE = ""  # reference data, not history: copied as it is
DERIVED = None  # rebuilt from the rows kept (mel/sql/data_in/current_values_write.sql: rebuild), not copied

RULES: dict[str, str | None] = {
    # History: each row is a version recorded at a moment (an undo is a later version).
    "import_batches": RECORDED,  # undone_by is then cleared where the undo came later (below)
    "observations": BATCHED,
    "member_records": BATCHED,
    "plan_versions": BATCHED,
    "target_versions": BATCHED,
    "gender_body_versions": BATCHED,
    "milestone_updates": BATCHED,
    "assessments": RECORDED,
    "meetings": RECORDED,
    # The reporting cycle: each step, comment, piece of evidence and note at its recording time;
    # a setting as it stood then.
    "quarter_events": RECORDED,
    "comments": RECORDED,
    "evidence": RECORDED,
    "learning_notes": RECORDED,
    "settings": RECORDED,
    # Events loaded by the build carry no recording time: taken as recorded with the first batch.
    "participation_events": BATCHED.replace("t.recorded_at", "coalesce(t.recorded_at, $built)"),
    "plan_axes": OF_PLAN_VERSION,
    "plan_projects": OF_PLAN_VERSION,
    "plan_milestones": OF_PLAN_VERSION,
    # Derived from observations.
    "current_observations": DERIVED,
    "latest_values": DERIVED,
    "approved_latest_values": DERIVED,
    # Reference data and settings, with no history of their own: as they are now.
    "collectivities": WHOLE,
    "census": WHOLE,
    "cohorts": WHOLE,
    "indicators": WHOLE,
    "principles": WHOLE,
    "people": WHOLE,
    "published_counts": WHOLE,
    "reference_figures": WHOLE,
    "ogp_local": WHOLE,
    "ogp_commitments": WHOLE,
    "ogp_progress": WHOLE,
    "build_info": WHOLE,  # made by the build, not the migrations
    # Accounts are not history (a removal updates the row in place); nothing is written through
    # a rewound reader, and sign-in reads the present database.
    "users": WHOLE,
}

# Tables other tables refer to (foreign keys): their constraints are dropped last, in this order.
REFERENCED = ("indicators", "collectivities", "principles")
CORE_TABLES = "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'core' AND database_name = current_database()"
TABLE_COLUMNS = (
    "SELECT column_name FROM duckdb_columns() "
    "WHERE schema_name = 'core' AND table_name = $table AND database_name = current_database()"
)
FIRST_BATCH = "SELECT min(recorded_at) FROM core.import_batches"
# An undo recorded after the day had not happened yet.
CLEAR_LATER_UNDOS = (
    "UPDATE core.import_batches SET undone_by = NULL "
    "WHERE undone_by IS NOT NULL AND undone_by NOT IN (SELECT batch_id FROM core.import_batches)"
)


def cutoff(as_of: date) -> datetime:
    """The first moment after the day ``as_of``: rows recorded before it are kept."""
    return datetime.combine(as_of + timedelta(days=1), time.min)


def rule(table: str, columns: set[str]) -> str | None:
    """The filter that rewinds ``core.TABLE`` (empty: copied whole; None: rebuilt, not copied).

    A table not listed in ``RULES`` is filtered by its batch's or its own recording time if it has
    one, else copied whole.
    """
    if table in RULES:
        return RULES[table]
    if "recorded_at" in columns:
        return BATCHED if "batch_id" in columns else RECORDED
    return WHOLE


class RewoundReader(Reader):
    """A read-only reader of an in-memory copy of the database as it stood at the end of a day.

    It answers ``df``, ``scalar`` and ``cursor`` like the reader it was copied from; it never
    changes, and ``version`` names the source's version and the day.
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> RewoundReader:
        # Whatever store ``Reader`` may choose when constructed, this class is always itself.
        return object.__new__(cls)

    def __init__(self, source: Reader, as_of: date) -> None:
        # Reader.__init__ is not called: there is no snapshot file to follow. ``_run`` reads
        # ``_stamp`` and ``_lock``; with no stamp, an I/O error is raised as it is.
        self.master = getattr(source, "master", None) or db_path()  # where the accounts store lies
        self.approved_only = False
        self.as_of = as_of
        self._lock = threading.Lock()
        self._stamp: str | None = None
        self._version = f"{source.version()}@{as_of.isoformat()}"
        self._con: duckdb.DuckDBPyConnection | None = _copy(source, as_of)

    def version(self) -> str:
        """The source's version when copied, and the day: ``SNAPSHOT@YYYY-MM-DD``."""
        return self._version

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the in-memory copy."""
        with self._lock:
            if self._con is None:
                raise duckdb.ConnectionException(f"the database as of {self.as_of} is closed")
            return self._scoped(self._con.cursor())

    def close(self) -> None:
        """Drop the copy."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None


def rewound(source: Reader, as_of: date) -> Reader:
    """A read-only reader of the database as it stood at the end of day ``as_of``: every row of
    its history recorded before the next day began, the derived tables rebuilt from them."""
    return RewoundReader(source, as_of)


def _unconstrained(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Make each table of schema ``core`` again with its columns and types but no keys nor
    indexes: nothing is written to the copy but the rows read, which the source has checked, and
    filling a table with its indexes costs ten times more (1.6 M observations). The views and
    macros find the tables by name. Returns the tables' names."""
    tables = [t for (t,) in con.execute(CORE_TABLES).fetchall()]
    tables.sort(key=lambda t: REFERENCED.index(t) if t in REFERENCED else -1)  # referencing ones first
    for table in tables:
        con.execute(f"CREATE TEMP TABLE rewound_shape AS SELECT * FROM core.{table} LIMIT 0")
        con.execute(f"DROP TABLE core.{table}")
        con.execute(f"CREATE TABLE core.{table} AS SELECT * FROM rewound_shape")
        con.execute("DROP TABLE rewound_shape")
    return set(tables)


def _copy(source: Reader, as_of: date) -> duckdb.DuckDBPyConnection:
    """An in-memory database with the schema of the migrations and the rows of ``source`` kept by
    the rules, read on one cursor (one snapshot)."""
    con = duckdb.connect(":memory:")
    try:
        migrate(con)
        made = _unconstrained(con)
        src = source.cursor()
        try:
            params: dict[str, Any] = {"cutoff": cutoff(as_of)}
            built = src.execute(FIRST_BATCH).fetchone()
            params["built"] = built[0] if built and built[0] is not None else datetime.min
            for (table,) in src.execute(CORE_TABLES).fetchall():
                columns = {c for (c,) in src.execute(TABLE_COLUMNS, {"table": table}).fetchall()}
                where = rule(table, columns)
                if where is None:
                    continue
                query = f"SELECT t.* FROM core.{table} t" + (f" WHERE {where}" if where else "")
                used = {k: v for k, v in params.items() if f"${k}" in query}
                rows = src.execute(query, used or None).arrow()
                con.register("rewound_rows", rows)
                try:
                    # A table made outside the migrations (the build's own) is made as it comes.
                    into = f"INSERT INTO core.{table} BY NAME" if table in made else f"CREATE TABLE core.{table} AS"
                    con.execute(f"{into} SELECT * FROM rewound_rows")
                finally:
                    con.unregister("rewound_rows")
        finally:
            src.close()
        con.execute(CLEAR_LATER_UNDOS)
        con.execute(sql.load("data_in/current_values_write:rebuild"))
    except BaseException:
        con.close()
        raise
    return con
