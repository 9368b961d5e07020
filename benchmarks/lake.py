"""The benchmark on DuckLake: ``python -m mel bench --store ducklake`` runs this in a child.

Debian's PostgreSQL is started in a temporary folder (``tests.postgres``) for the lake's catalog,
the embedded database at ``--source`` is copied into the lake with ``mel copy``'s checks (that
copy is timed: it is what a network pays to move to DuckLake), and the chosen modes run with the
lake as the store (MEL_STORE=ducklake for every child: the page runner, the servers, the imports).
PostgreSQL and the folder are removed at the end, whether the benchmark succeeded or not.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mel import bench
from mel import lake as lakes
from mel.bench_stores import STORE_VARS
from mel.store import Lake, bind
from mel.store import environment as store_env
from mel.transfer import copy_store
from tests.postgres import Postgres, reachable_folder


@contextmanager
def lake_copy(source: Path, progress: Callable[[str], None] = print) -> Iterator[tuple[Path, float]]:
    """A lake holding a copy of the embedded database ``source``, its catalog in a PostgreSQL of
    its own, named by the path yielded and set as this process's store (MEL_DB and the MEL_STORE
    variables) until the block ends; with the seconds the copy took."""
    folder = reachable_folder("mel-bench-lake-")
    postgres = Postgres(folder / "postgres", folder / "postgres.log")
    saved = {name: os.environ.get(name) for name in STORE_VARS}
    lake: Lake | None = None
    failed = True
    try:
        postgres.start()
        lake = Lake(postgres.create_database("mel"), str(folder / "data"))
        home = folder / "home" / "mel.duckdb"  # names the lake: no file is written there
        home.parent.mkdir()
        bind(home, lake)
        progress(f"copying {source} into a lake (catalog in PostgreSQL {postgres.bin.parent.name})…")
        started = time.perf_counter()
        copy_store(source, home, progress=lambda _: None)
        copy_s = time.perf_counter() - started
        progress(f"copied in {copy_s:.1f} s, every table's checksum the same")
        os.environ.update(store_env(home))
        yield home, copy_s
        failed = False
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if lake is not None:
            lakes.forget(lake)
        postgres.stop()
        if failed and postgres.log.exists():
            print(f"PostgreSQL's log, last lines:\n{postgres.log.read_text(errors='replace')[-2000:]}", file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True, help="the embedded database to copy into the lake")
    parser.add_argument("--modes", default=",".join(bench.MODES))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", default=None, help="also write the figures to this JSON file")
    parser.add_argument("--result", default=None, help="the figures for the parent process (JSON)")
    parser.add_argument("--servers", type=int, default=None)
    args = parser.parse_args()
    modes = tuple(m for m in args.modes.split(",") if m)
    with lake_copy(Path(args.source)) as (_, copied_s):
        result = bench.run(modes, quick=args.quick, json_path=Path(args.json) if args.json else None,
                           store="ducklake", servers=args.servers, lake_copy_s=copied_s)  # fmt: skip
    if args.result:
        Path(args.result).write_text(json.dumps(result), encoding="utf-8")
