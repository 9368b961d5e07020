"""Command line: ``python -m mel init | record | ...``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from mel import build, demo_accounts, vocabulary
from mel.db import DatabaseMissing
from mel.imports import record
from mel.paths import db_path
from mel.snapshots import WriteFailed


def _cmd_init(args: argparse.Namespace) -> int:
    mode = "empty" if args.empty else "national" if args.scale == "national" else "demo"
    path = db_path()
    if build.database_exists(path) and not args.force:
        if args.if_missing:
            applied = build.upgrade(path)
            print(f"{path} already exists; migrations applied now: {applied or 'none'}")
            return 0
        print(f"error: {path} already exists: use --force to rebuild it", file=sys.stderr)
        return 1
    build.build(path, mode=mode, force=True, national_sample=args.sample)
    if mode != "empty":
        print("demo accounts, to sign in with in the app (their passwords are shown only now):")
        for account in demo_accounts.create(path):
            member = f", {account.member_code}" if account.member_code else ""
            print(f"  {account.username:<14} {account.password}   ({account.role}{member})")
    return 0


def _cmd_migrate(args: argparse.Namespace) -> int:
    applied = build.upgrade(db_path())
    print(f"migrations applied now: {applied or 'none'}")
    return 0


def _store_path(spec: str) -> Path:
    """``embedded:PATH`` names that file; ``ducklake`` the lake the settings name (``MEL_DB`` its home)."""
    from mel.store import bind, configured

    kind, _, rest = spec.partition(":")
    if kind == "embedded" and rest:
        path = Path(rest)
        bind(path, None)
        return path
    if kind == "ducklake" and not rest:
        lake = configured()
        if lake is None:
            raise SystemExit("error: `ducklake` needs MEL_STORE=ducklake, MEL_LAKE_CATALOG and MEL_LAKE_DATA")
        bind(db_path(), lake)
        return db_path()
    raise SystemExit(f"error: a store is `embedded:PATH` or `ducklake`, not {spec!r}")


def _cmd_copy(args: argparse.Namespace) -> int:
    from mel.transfer import ChecksumMismatch, CopyRefused, copy_store

    source, target = _store_path(args.source), _store_path(args.target)
    try:
        checks = copy_store(source, target, force=args.force)
    except (CopyRefused, ChecksumMismatch) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"copied {len(checks)} tables, {sum(c.rows for c in checks):,} rows; every checksum matches")
    return 0


def _cmd_record(args: argparse.Namespace) -> int:
    from mel import i18n

    lang = i18n.normalise_language(args.lang)
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
            lang=lang,
        )
    except record.RecordError as exc:
        print(str(exc), file=sys.stderr)
        print(i18n.t(lang, "import.nothing_written", n=exc.problems), file=sys.stderr)
        return 2
    print(result)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from mel import i18n, imports
    from mel.auth import PermissionDenied, command_line
    from mel.imports import plans
    from mel.imports.cells import ImportRejected

    lang = i18n.normalise_language(args.lang)
    paths = [Path(f) for f in args.file]
    for path in paths:
        if not path.is_file():
            print(f"error: no file at {path}", file=sys.stderr)
            return 2
    user = command_line(args.by)
    if len(paths) > 1:
        return _import_plans(paths, user, lang, args.dry_run)
    path = paths[0]
    data = path.read_bytes()
    print(f"reading {path.name} ({len(data):,} bytes)")
    try:
        preview = imports.validate(data, path.name, user)
        if isinstance(preview, plans.PlanPreview):
            _print_plan_changes(preview, lang)
        else:
            counts = [preview.count(s) for s in ("new", "correction", "unchanged")]
            print(i18n.t(lang, "cli.checked", n=len(preview.rows), kind=preview.kind, new=i18n.number(lang, counts[0]),
                         corrections=i18n.number(lang, counts[1]), unchanged=i18n.number(lang, counts[2])))  # fmt: skip
            for row in preview.rows[preview.rows["status"] == "correction"].head(50).itertuples():
                print(f"  correction: {_describe(preview.kind, row)}")
        if args.dry_run:
            print("dry run: nothing written")
            return 0
        expected = preview.fingerprint if isinstance(preview, plans.PlanPreview) else None
        batch = imports.commit(data, path.name, user, expected=expected)
    except ImportRejected as rejected:
        for message in rejected.messages(lang):
            print(message, file=sys.stderr)
        print(i18n.t(lang, "import.nothing_written", n=len(rejected.problems)), file=sys.stderr)
        return 1
    except PermissionDenied as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(i18n.t(lang, "cli.written", n=len(preview.to_write), batch=batch))
    return 0


def _import_plans(paths: list[Path], user: Any, lang: str, dry_run: bool) -> int:
    """Several plan workbooks (a secretariat's folder) in one transaction: all written, or none."""
    from mel import i18n
    from mel.imports import plans
    from mel.imports.cells import ImportRejected

    files = [(p.name, p.read_bytes()) for p in paths]
    not_plans = [name for name, data in files if not plans.is_plan_book(data)]
    if not_plans:
        print(f"error: several files are imported together only as plan workbooks: {', '.join(not_plans)}",
              file=sys.stderr)  # fmt: skip
        return 2
    print(f"reading {len(files):,} plan workbooks")
    if dry_run:
        for name, data in files:
            try:
                preview = plans.validate(data, user)
                print(f"{name}: {preview.count('added'):,} added, {preview.count('changed'):,} changed, "
                      f"{preview.count('removed'):,} removed")  # fmt: skip
            except ImportRejected as rejected:
                for message in rejected.messages(lang):
                    print(f"{name}: {message}", file=sys.stderr)
        print("dry run: nothing written")
        return 0
    try:
        written = plans.commit_many(files, user)
    except ImportRejected as rejected:
        for message in rejected.messages(lang):
            print(message, file=sys.stderr)
        print(i18n.t(lang, "import.nothing_written", n=len(rejected.problems)), file=sys.stderr)
        return 1
    print(f"written: {len(written):,} plans (batches {written[0]} to {written[-1]}); the others were unchanged")
    return 0


def _print_plan_changes(preview: Any, lang: str) -> None:
    """A plan workbook's changes: counts, then each item added, changed (old -> new) or removed."""
    draft = preview.draft
    print(f"plan of {draft.member_code}, cycle {draft.cycle}: {preview.count('added'):,} added, "
          f"{preview.count('changed'):,} changed, {preview.count('removed'):,} removed")  # fmt: skip
    for row in preview.rows.head(200).itertuples():
        shown = {"changed": f"{row.old} -> {row.new}", "added": row.new, "removed": row.old}[str(row.change)]
        print(f"  {row.change}: {row.item} {row.key} {row.field}: {shown}")
    for warning in preview.warnings:
        print(f"  warning: {warning.message(lang)}")


def _describe(kind: str, row: Any) -> str:
    if kind == "observations":
        return f"{row.member_code} {row.indicator_code} {row.period} {row.sex}: {row.old_value} -> {row.value}"
    if kind == "milestones":
        return f"milestone {row.milestone_id}: {row.old_done_on} -> {row.done_on}"
    if kind == "participation":
        return (
            f"{row.member_code} {row.held_on} {row.kind}: women {row.old_women} -> {row.participants_women}, "
            f"men {row.old_men} -> {row.participants_men}"
        )
    return str(row)


def _cmd_template(args: argparse.Namespace) -> int:
    from mel import i18n
    from mel.db import Reader
    from mel.imports.plan_template import write_workbook
    from mel.templates import write_template

    out = Path(args.out)
    if args.kind == "plan":
        if out.suffix.lower() != ".xlsx":
            print("error: a plan workbook is written as .xlsx", file=sys.stderr)
            return 2
        lang = i18n.normalise_language(args.lang)
        try:
            write_workbook(out, lang, Reader() if args.member else None, args.member)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"written: {out}" + (f" ({args.member}'s current plan)" if args.member else ""))
        return 0
    if out.suffix.lower() not in (".csv", ".xlsx"):
        print("error: OUT must end in .csv or .xlsx", file=sys.stderr)
        return 2
    write_template(args.kind, out, Reader())
    print(f"written: {out}")
    return 0


def _cmd_undo(args: argparse.Namespace) -> int:
    from mel import batches
    from mel.auth import COMMAND_LINE

    reverse = batches.redo if args.command == "redo" else batches.undo
    try:
        batch = reverse(args.batch, COMMAND_LINE)
    except batches.UndoRefused as refused:
        print(f"error: {refused}; nothing was written", file=sys.stderr)
        if not refused.newer.empty:
            print(refused.newer.to_string(index=False), file=sys.stderr)
        return 1
    if args.command == "redo":
        print(f"undo {args.batch} reversed by batch {batch}: the undone values are back")
    else:
        print(f"batch {args.batch} undone by batch {batch}: the values it replaced are restored")
        print(f"reverse this with: python -m mel redo {batch}")
    return 0


def _cmd_history(args: argparse.Namespace) -> int:
    from mel import batches
    from mel.db import Reader

    frame = batches.value_history(Reader(), args.member, args.indicator, args.period, args.sex)
    if frame.empty:
        print("no value recorded for this key")
        return 1
    print(frame.to_string(index=False))
    return 0


def _cmd_user(args: argparse.Namespace) -> int:
    import getpass

    from mel import auth

    try:
        if args.action == "add":
            password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("password: ")
            user = auth.add_user(args.username, password, args.role, args.member, args.name)
            print(f"added {user.username} ({user.role}{', ' + user.member_code if user.member_code else ''})")
        elif args.action == "remove":
            auth.remove_user(args.username)
            print(f"removed {args.username} (kept in the history; their open sessions end)")
        elif args.action == "password":
            password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("new password: ")
            auth.set_password(args.username, password)
            print(f"password of {args.username} changed; their open sessions end")
        elif args.action == "unlock":
            was = auth.unlock_user(args.username)
            print(f"{args.username} {'unlocked' if was else 'was not locked'}; failed sign-ins forgotten")
        else:
            for row in auth.list_users():
                print(f"{row['username']}\t{row['role']}\t{row['member_code'] or ''}\t{row['display_name'] or ''}")
    except auth.AuthError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from mel import i18n
    from mel.db import Reader
    from mel.imports.plan_template import export_workbooks
    from mel.opendata import export_all, export_headline

    # Open data is what the public pages show by default: approved quarters (--with-drafts: all).
    reader = Reader() if args.with_drafts else Reader().approved()
    written = export_all(reader, Path(args.dir), args.format)
    as_of = date.fromisoformat(args.as_of) if args.as_of else date.today()
    written.append(export_headline(reader, Path(args.dir), args.format, as_of))
    print(f"written {len(written)} files to {args.dir} (headline figures as of {as_of.isoformat()})")
    workbooks = export_workbooks(reader, Path(args.dir), i18n.normalise_language(args.lang))
    print(f"written {len(workbooks)} plan workbooks to {Path(args.dir) / 'plans'} (import one to revise that plan)")
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from mel import bench

    modes = tuple(mode for mode in bench.MODES if getattr(args, mode.replace("import", "imports")))
    json_path = Path(args.json) if args.json else None
    bench.run(modes or bench.MODES, quick=args.quick, json_path=json_path, store=args.store, servers=args.servers)
    return 0


def _cmd_reminders(args: argparse.Namespace) -> int:
    from mel import i18n, mail, reminders, reporting
    from mel.db import Reader

    if not args.out and not args.send:
        print("error: give --out DIR (the drafts and the list), --send, or both", file=sys.stderr)
        return 2
    lang = i18n.normalise_language(args.lang)
    today = date.fromisoformat(args.today) if args.today else date.today()
    late = reporting.late_reporters(Reader(), args.period, today)
    public = os.environ.get("MEL_PUBLIC_URL", "").strip().rstrip("/")
    portal = f"{public}/data" if public else None
    without = len(late) - len(reminders.with_address(late))
    print(f"{args.period}: {len(late)} late members, {without} without an e-mail address")
    if args.out:
        written = reminders.write_files(late, lang, mail.default_sender(), Path(args.out), portal)
        print(f"written {len(written) - 1} drafts (.eml) and {reminders.CSV_NAME} to {args.out}")
    if not args.send:
        return 0
    try:
        settings = mail.smtp_settings()
    except mail.SmtpMisconfigured as exc:
        print(f"error: {exc}; nothing was sent", file=sys.stderr)
        return 2
    if settings is None:
        print("error: sending needs MEL_SMTP_HOST and MEL_SMTP_FROM (or an [smtp] section in "
              ".streamlit/secrets.toml); nothing was sent", file=sys.stderr)  # fmt: skip
        return 2
    report = mail.send(late, lang, settings, portal)
    print(f"sent {len(report.sent)}, skipped (no e-mail address) {len(report.skipped)}, failed {len(report.failed)}")
    for code, error in report.failed:
        print(f"  failed: {code}: {error}", file=sys.stderr)
    return 1 if report.failed else 0


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
    init.add_argument("--sample", type=int, default=None, help="national scale: only every k-th collectivity, N in all")
    init.add_argument("--if-missing", action="store_true", help="do nothing if the database exists")
    init.set_defaults(func=_cmd_init)

    mig = sub.add_parser("migrate", help="bring the database (either store) up to date with the migrations")
    mig.set_defaults(func=_cmd_migrate)

    cpy = sub.add_parser("copy", help="copy a whole database between stores and check every table's checksum")
    cpy.add_argument("--from", dest="source", required=True, help="embedded:PATH or ducklake (the configured lake)")
    cpy.add_argument("--to", dest="target", required=True, help="embedded:PATH or ducklake (the configured lake)")
    cpy.add_argument("--force", action="store_true", help="replace a database already there")
    cpy.set_defaults(func=_cmd_copy)

    rec = sub.add_parser("record", help="record one indicator value (a new version if one exists)")
    rec.add_argument("member", help="member's HCP code, e.g. 04.281.01.01")
    rec.add_argument("indicator", help="indicator code, e.g. ATI-01")
    rec.add_argument("period", help="quarter, e.g. 2026-Q3")
    rec.add_argument("value", type=float)
    rec.add_argument("--sex", default="total", choices=list(vocabulary.SEXES))
    rec.add_argument("--source", default=None)
    rec.add_argument("--note", default=None)
    rec.add_argument("--by", default="cli", help="who records it")
    rec.add_argument("--lang", default=os.environ.get("MEL_LANG", "en"), help="language of the messages: ar, fr, en")
    rec.set_defaults(func=_cmd_record)

    imp = sub.add_parser("import", help="import a file: observations, participation, milestones, members or a plan")
    imp.add_argument("file", nargs="+", help="CSV or XLSX file, or plan workbooks (several at once: one transaction)")
    imp.add_argument("--dry-run", action="store_true", help="check and show what would be written, write nothing")
    imp.add_argument("--by", default=None, help="who imports it (recorded with the batch); default: cli")
    imp.add_argument("--lang", default=os.environ.get("MEL_LANG", "en"), help="language of the messages: ar, fr, en")
    imp.set_defaults(func=_cmd_import)

    tpl = sub.add_parser(
        "template", help="write an import template (CSV or XLSX by OUT's extension) or a plan workbook"
    )
    tpl.add_argument("kind", choices=["observations", "participation", "milestones", "members", "plan"])
    tpl.add_argument("out")
    tpl.add_argument("--member", default=None, help="plan: fill in this member's current plan, ready to edit")
    tpl.add_argument(
        "--lang", default=os.environ.get("MEL_LANG", "fr"), help="plan: the workbook's language (ar, fr, en)"
    )
    tpl.set_defaults(func=_cmd_template)

    und = sub.add_parser("undo", help="undo an import batch (refused if a value it wrote was corrected since)")
    und.add_argument("batch", type=int)
    und.set_defaults(func=_cmd_undo)

    red = sub.add_parser("redo", help="reverse an undo: the values it withdrew come back")
    red.add_argument("batch", type=int, help="the undo batch")
    red.set_defaults(func=_cmd_undo)

    his = sub.add_parser("history", help="every version of one value")
    his.add_argument("member")
    his.add_argument("indicator")
    his.add_argument("period")
    his.add_argument("--sex", default="total", choices=list(vocabulary.SEXES))
    his.set_defaults(func=_cmd_history)

    usr = sub.add_parser("user", help="manage the users who may write (passwords hashed with Argon2)")
    usr.add_argument("action", choices=["add", "remove", "password", "unlock", "list"])
    usr.add_argument("username", nargs="?")
    usr.add_argument("--role", choices=list(vocabulary.ROLES), default="focal_point")
    usr.add_argument("--member", default=None, help="a focal point's member (HCP code)")
    usr.add_argument("--name", default=None, help="display name")
    usr.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    usr.set_defaults(func=_cmd_user)

    exp = sub.add_parser("export", help="write every public view as open data")
    exp.add_argument("dir")
    exp.add_argument("--format", choices=["csv", "xlsx", "parquet"], default="csv")
    exp.add_argument("--lang", default=os.environ.get("MEL_LANG", "fr"), help="language of the plan workbooks")
    exp.add_argument("--as-of", default=None, help="date of the headline figures (YYYY-MM-DD; default today)")
    exp.add_argument("--with-drafts", action="store_true", help="values of quarters not yet approved too")
    exp.set_defaults(func=_cmd_export)

    ben = sub.add_parser("bench", help="time pages (headless, in a browser), imports, many sessions at once")
    ben.add_argument("--pages", action="store_true", help="each page's script headless, and each query")
    ben.add_argument("--browser", action="store_true", help="each page in Chromium, against a bare Streamlit page")
    ben.add_argument("--import", dest="imports", action="store_true", help="a 100,000-row import, plan workbooks")
    ben.add_argument("--load", action="store_true", help="5 to 40 sessions at once while imports run (minutes)")
    ben.add_argument("--quick", action="store_true", help="one run each, small sizes: checks that it works")
    ben.add_argument("--json", default=None, help="also write the figures to this JSON file")
    stores = ["embedded", "ducklake"]
    ben.add_argument("--store", choices=stores, help="ducklake: on a DuckLake copy of the file at MEL_DB (PostgreSQL)")
    ben.add_argument("--servers", type=int, help="the load mode's servers (default: 2 on DuckLake, else 1)")
    ben.set_defaults(func=_cmd_bench)

    rem = sub.add_parser("reminders", help="reminders to late members' focal points: .eml drafts and a list, or send")
    rem.add_argument("--period", required=True, help="quarter, e.g. 2026-Q3")
    rem.add_argument("--lang", default=os.environ.get("MEL_LANG", "fr"), help="language of the messages: ar, fr, en")
    rem.add_argument("--out", default=None, help="folder to write the drafts (.eml) and late-reporters.csv into")
    rem.add_argument("--send", action="store_true", help="send them through the SMTP server the settings name")
    rem.add_argument("--today", default=None, help="the day lateness is counted on (YYYY-MM-DD; default today)")
    rem.set_defaults(func=_cmd_reminders)

    args = parser.parse_args(argv)
    # Every file the commands create (the database, its read copies, the accounts store, the
    # WAL DuckDB writes beside the master) is the server account's alone.
    os.umask(0o077)
    try:
        return int(args.func(args))
    except DatabaseMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except WriteFailed as exc:  # DatabaseBusy included: raised before COMMIT, so nothing was written
        print(f"error: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
