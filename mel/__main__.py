"""Command line: ``python -m mel init | record | ...``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from mel import build, record
from mel.db import DatabaseBusy
from mel.paths import db_path


def _cmd_init(args: argparse.Namespace) -> int:
    mode = "empty" if args.empty else "national" if args.scale == "national" else "demo"
    path = db_path()
    if path.exists() and not args.force:
        if args.if_missing:
            applied = build.upgrade(path)
            print(f"{path} already exists; migrations applied now: {applied or 'none'}")
            return 0
        print(f"error: {path} already exists: use --force to rebuild it", file=sys.stderr)
        return 1
    build.build(path, mode=mode, force=True)
    return 0


def _cmd_record(args: argparse.Namespace) -> int:
    try:
        result = record.record_value(
            member_code=args.member,
            indicator_code=args.indicator,
            period=args.period,
            sex=args.sex,
            value=args.value,
            source=args.source,
            recorded_by=args.by,
            note=args.note,
        )
    except record.RecordError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(result)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m mel``."""
    parser = argparse.ArgumentParser(prog="python -m mel", description="REMACTO MEL database commands")
    sub = parser.add_subparsers(dest="command", required=True)

    init = sub.add_parser("init", help="build the database from data/ (MEL_DB or data/mel.duckdb)")
    group = init.add_mutually_exclusive_group()
    group.add_argument("--demo", action="store_true", help="real data plus demo data (default)")
    group.add_argument("--empty", action="store_true", help="schema and reference data only, no members")
    init.add_argument(
        "--scale",
        choices=["network", "national"],
        default="network",
        help="national: every collectivity a member, ten years of values (benchmark)",
    )
    init.add_argument("--force", action="store_true", help="rebuild even if the database exists")
    init.add_argument("--if-missing", action="store_true", help="do nothing if the database exists")
    init.set_defaults(func=_cmd_init)

    rec = sub.add_parser("record", help="record one indicator value (a new version if one exists)")
    rec.add_argument("member", help="member's HCP code, e.g. 04.281.01.01")
    rec.add_argument("indicator", help="indicator code, e.g. ATI-01")
    rec.add_argument("period", help="quarter, e.g. 2026-Q3")
    rec.add_argument("value", type=float)
    rec.add_argument("--sex", default="total", choices=["total", "women", "men"])
    rec.add_argument("--source", default=None)
    rec.add_argument("--note", default=None)
    rec.add_argument("--by", default="cli", help="who records it")
    rec.set_defaults(func=_cmd_record)

    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except DatabaseBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
