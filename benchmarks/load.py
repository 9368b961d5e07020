"""Many people at once: Streamlit sessions driven over the websocket against one server, or several
on the same store (``--servers``: sessions spread over them in turn).

Each session is what a browser tab does on the wire (a ``rerun_script`` request for a page, then
every message until ``script_finished``), without a browser: a browser per session would saturate
two cores long before the server. Sessions walk every page, pausing as a reader does, at each
level of simultaneous sessions, while a command-line import writes new values every few seconds.
A saturation phase (no pause) gives the page runs a second one server process can do.

Reports per level p50/p95 page times and errors; the server's memory over time (with several
servers, the one that grew most); the number of read snapshots on disk (none with DuckLake); and
that every import is visible afterwards. Prints JSON on its last line.
Run by ``python -m mel bench --load``.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from benchmarks.server import ROOT, Server, rss_mb, serving
from mel import bench, pages
from mel.bench_stores import scratch_copy
from mel.db import Reader
from mel.paths import db_path
from mel.store import environment as store_env

PAGES = tuple(page.url_path for page in pages.PAGES)  # url paths; "" is the Overview
LANGUAGES = ("fr", "ar", "en")
RUN_TIMEOUT_S = 120
IMPORT_EVERY_S = 10
IMPORT_ROWS = 500


@dataclass
class Tally:
    """Page times and errors of one level."""

    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def run_page(ws: Any, page: str, lang: str) -> tuple[float, str | None]:
    """Ask for ``page`` and read every message until the script has finished: seconds, error."""
    request = BackMsg()
    request.rerun_script.query_string = f"lang={lang}"
    request.rerun_script.page_name = page
    started = time.perf_counter()
    await ws.send(request.SerializeToString())
    error = None
    while True:
        message = ForwardMsg()
        message.ParseFromString(await asyncio.wait_for(ws.recv(), RUN_TIMEOUT_S))
        kind = message.WhichOneof("type")
        if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            if message.delta.new_element.WhichOneof("type") == "exception":
                error = f"{page or 'overview'}: {message.delta.new_element.exception.message[:200]}"
        elif kind == "page_not_found":
            error = f"{page}: page not found"
        elif kind == "script_finished":
            if message.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                error = error or f"{page or 'overview'}: script finished with status {message.script_finished}"
            return time.perf_counter() - started, error


async def reader_session(url: str, index: int, pause: float, until: float, tally: Tally) -> None:
    """One reader: every page in turn (starting at a different one per session), ``pause`` seconds
    between pages, until ``until`` (monotonic)."""
    lang = LANGUAGES[index % len(LANGUAGES)]
    await asyncio.sleep((index * 0.37) % max(pause, 0.5))  # arrivals spread, not all at once
    try:
        async with connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],  # type: ignore[list-item]
                           max_size=None, open_timeout=30) as ws:  # fmt: skip
            step = index
            while time.monotonic() < until:
                seconds, error = await run_page(ws, PAGES[step % len(PAGES)], lang)
                tally.times.append(seconds)
                if error:
                    tally.errors.append(error)
                step += 1
                if pause:
                    await asyncio.sleep(pause)  # a reader's time on a page: the pacing is the point
    except Exception as exc:  # a refused or broken session is an error of the level, not of the benchmark
        tally.errors.append(f"session {index}: {type(exc).__name__}: {exc}")


async def warm_up(url: str) -> None:
    """Every page once in every language, as the first readers of the day would."""
    async with connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],  # type: ignore[list-item]
                       max_size=None, open_timeout=30) as ws:  # fmt: skip
        for lang in LANGUAGES:
            for page in PAGES:
                await run_page(ws, page, lang)


async def level(urls: list[str], sessions: int, seconds: float, pause: float) -> Tally:
    """``sessions`` readers at once for ``seconds``, each on the servers in turn."""
    tally = Tally()
    until = time.monotonic() + seconds
    await asyncio.gather(*(reader_session(urls[i % len(urls)], i, pause, until, tally) for i in range(sessions)))
    return tally


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class Writer:
    """Imports a file of new values every IMPORT_EVERY_S seconds through the command line."""

    db: Path
    folder: Path
    rounds: list[dict[str, Any]] = field(default_factory=list)
    base: pd.DataFrame | None = None  # the file's keys and first values, read once

    def file(self, round_no: int) -> Path:
        """The round's file: the same keys each round, values that differ from the last round's."""
        if self.base is None:
            self.base = pd.read_csv(io.BytesIO(bench.import_file(Reader(self.db), IMPORT_ROWS, date.today())))
        frame = self.base.copy()
        frame["value"] = frame["value"] - round_no % 7  # percentages stay within 0-100
        frame["source"] = f"load round {round_no}"
        path = self.folder / f"round-{round_no}.csv"
        frame.to_csv(path, index=False)
        return path

    async def run(self, until: float) -> None:
        """Import until ``until`` (monotonic); each round's outcome kept."""
        round_no = 0
        while time.monotonic() < until:
            round_no += 1
            path = self.file(round_no)
            started = time.perf_counter()
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "mel", "import", str(path), cwd=ROOT,
                env={**os.environ, **store_env(self.db)},
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            out, err = await proc.communicate()
            self.rounds.append({
                "round": round_no, "seconds": time.perf_counter() - started, "ok": proc.returncode == 0,
                "message": (err or out).decode(errors="replace")[-300:] if proc.returncode else "",
                "file": str(path),
            })  # fmt: skip
            await asyncio.sleep(max(0.0, IMPORT_EVERY_S - (time.perf_counter() - started)))  # one import a period

    def all_visible(self) -> bool:
        """Every import landed, and every value of the last one is a current value."""
        done = [r for r in self.rounds if r["ok"]]
        if not done or len(done) != len(self.rounds):
            return False
        last = pd.read_csv(done[-1]["file"])
        current = Reader(self.db).scalar("bench/current_from_source", {"source": last["source"].iloc[0]})
        return bool(current == len(last))


def snapshot_files(db: Path) -> int:
    """Read snapshots of the database on disk now."""
    return len(list(db.parent.glob(f"{db.stem}.read-*{db.suffix}")))


async def sample(
    pids: list[int], db: Path, until: float, memory: dict[int, list[tuple[float, float]]], files: list[int]
) -> None:
    """Each server's memory and the snapshot files, every second."""
    start = time.monotonic()
    while time.monotonic() < until:
        for pid in pids:  # seconds since the phases began
            memory[pid].append((round(time.monotonic() - start, 1), rss_mb(pid)))
        files.append(snapshot_files(db))
        await asyncio.sleep(1)  # the sampling period


def _growth(memory: list[tuple[float, float]], start: float, end: float) -> float:
    """Memory growth within a level: the median of its last quarter over that of its first."""
    quarter = (end - start) / 4
    first = [mb for t, mb in memory if start <= t < start + quarter]
    last = [mb for t, mb in memory if end - quarter <= t <= end]
    if not first or not last:
        return float("nan")
    return statistics.median(last) / statistics.median(first) - 1


def _larger(growths: list[float]) -> float:
    """The largest growth of the servers (NaN, a level too short to tell, counts for none)."""
    known = [g for g in growths if g == g]
    return max(known) if known else float("nan")


def _thinned(memory: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return memory[:: max(1, len(memory) // 60)]


async def drive(
    servers: list[Server], db: Path, levels: list[int], seconds: float, pause: float, quick: bool = False
) -> dict[str, Any]:
    """Warm-up, the saturation phase, then each level with the writer running throughout.

    ``quick`` (a check that it works, not a measure): no warm-up, short saturation and rests."""
    urls, pids = [s.url for s in servers], [s.pid for s in servers]
    if not quick:
        await asyncio.gather(*(warm_up(url) for url in urls))
    memory: dict[int, list[tuple[float, float]]] = {pid: [] for pid in pids}
    files: list[int] = []
    saturation_s = max(1.0 if quick else 5.0, seconds / 3)
    rest_s = 1.0 if quick else 3.0
    total = saturation_s + (seconds + rest_s) * len(levels) + rest_s
    clock = time.monotonic()
    until = clock + total
    with tempfile.TemporaryDirectory() as folder:
        writer = Writer(db, Path(folder))
        background = [
            asyncio.create_task(writer.run(until)),
            asyncio.create_task(sample(pids, db, until, memory, files)),
        ]
        busy = await level(urls, 10, saturation_s, 0)
        await asyncio.sleep(rest_s)  # the servers at rest, measured as such: the pause is the point
        rest_before = {pid: rss_mb(pid) for pid in pids}  # every page has run under load, with imports: warm, at rest
        result: dict[str, Any] = {
            "runs_per_s": len(busy.times) / saturation_s,
            "saturation_errors": busy.errors[:5],
            "levels": {},
        }
        for sessions in levels:
            start = time.monotonic() - clock
            tally = await level(urls, sessions, seconds, pause)
            end = time.monotonic() - clock
            result["levels"][str(sessions)] = {
                "page_runs": len(tally.times),
                "p50_s": _percentile(tally.times, 0.5),
                "p95_s": _percentile(tally.times, 0.95),
                "errors": len(tally.errors),
                "first_errors": tally.errors[:5],
                "rss_growth": _larger([_growth(memory[pid], start, end) for pid in pids]),
                "rss_growth_by_server": [_growth(memory[pid], start, end) for pid in pids],
            }
            await asyncio.sleep(rest_s)  # a rest between levels, as above
        rest_after = {pid: rss_mb(pid) for pid in pids}
        larger = max(pids, key=lambda pid: rest_after[pid])
        await asyncio.gather(*background)
        result.update({
            "pause_s": pause,
            "level_s": seconds,
            "imports": len(writer.rounds),
            "imports_failed": [r["message"] for r in writer.rounds if not r["ok"]][:3],
            "import_s_median": statistics.median(r["seconds"] for r in writer.rounds) if writer.rounds else None,
            "writes_visible": writer.all_visible(),
            "servers": len(pids),
            "rss_rest_before_mb": rest_before[larger],
            "rss_rest_after_mb": rest_after[larger],
            "rss_rest_by_server_mb": [(rest_before[pid], rest_after[pid]) for pid in pids],
            "rss_over_time": _thinned(memory[larger]),
            "rss_over_time_by_server": [_thinned(memory[pid]) for pid in pids],
            "snapshot_files_max": max(files) if files else 0,
            "snapshot_files_end": snapshot_files(db),
        })  # fmt: skip
    return result


def measure(levels: list[int], seconds: float, pause: float, servers: int = 1, quick: bool = False) -> dict[str, Any]:
    """The whole load run on a private copy of the database at MEL_DB, in its store (the writes
    stay there), with ``servers`` servers on that copy."""
    with scratch_copy(db_path()) as db, ExitStack() as stack:
        with ThreadPoolExecutor(servers) as pool:  # started side by side: each takes seconds
            apps = list(
                pool.map(stack.enter_context, [serving(ROOT / "dashboard.py", store_env(db)) for _ in range(servers)])
            )
        return asyncio.run(drive(apps, db, levels, seconds, pause, quick))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", default="5,10,20,40")
    parser.add_argument("--seconds", type=float, default=60, help="length of each level")
    parser.add_argument("--pause", type=float, default=5, help="a reader's pause between pages")
    parser.add_argument("--servers", type=int, default=1, help="servers on the same store, sessions spread over them")
    parser.add_argument("--quick", action="store_true", help="no warm-up, short phases: checks that it works")
    args = parser.parse_args()
    levels = [int(n) for n in args.levels.split(",")]
    print(json.dumps(measure(levels, args.seconds, args.pause, args.servers, args.quick)))
