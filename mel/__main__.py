"""Command line: ``python -m mel init | record | ...``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

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


def _cmd_import(args: argparse.Namespace) -> int:
    from mel import i18n, members_import
    from mel.importer import ImportRejected, read_table

    lang = i18n.normalise_language(args.lang)
    path = Path(args.file)
    if not path.is_file():
        print(f"error: no file at {path}", file=sys.stderr)
        return 2
    data = path.read_bytes()
    print(f"reading {path.name} ({len(data):,} bytes)")
    try:
        columns = set(read_table(data, path.name).columns)
        if not set(members_import.COLUMNS) <= columns:
            print(i18n.t(lang, "import.error.unknown_kind", columns=", ".join(members_import.COLUMNS)), file=sys.stderr)
            return 2
        preview = members_import.validate(data, path.name)
        print(f"checked: {len(preview.rows)} new member(s)")
        for row in preview.rows.itertuples():
            print(f"  + {row.member_code}  {row.name_fr}  ({row.kind}, cohort {row.cohort}, joined {row.joined_on})")
        if args.dry_run:
            print("dry run: nothing written")
            return 0
        batch = members_import.import_members(data, path.name, recorded_by=args.by)
    except ImportRejected as rejected:
        for message in rejected.messages(lang):
            print(message, file=sys.stderr)
        print(i18n.t(lang, "import.nothing_written", n=len(rejected.problems)), file=sys.stderr)
        return 1
    print(f"written: batch {batch}, {len(preview.rows)} member(s)")
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

    imp = sub.add_parser("import", help="import a file (members: member_code, kind, joined_on, cohort)")
    imp.add_argument("file", help="CSV or XLSX file")
    imp.add_argument("--dry-run", action="store_true", help="check and show what would be written, write nothing")
    imp.add_argument("--by", default=os.environ.get("USER", "cli"), help="who imports it (recorded with the batch)")
    imp.add_argument("--lang", default=os.environ.get("MEL_LANG", "en"), help="language of the messages: ar, fr, en")
    imp.set_defaults(func=_cmd_import)

    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except DatabaseBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
