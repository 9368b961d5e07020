"""Getting data in: templates, every rejection, encodings, preview, undo, history, roles, export."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from mel import accounts, assessments, auth, batches, imports, opendata, templates
from mel.auth import COMMAND_LINE, PermissionDenied, User
from mel.db import Reader
from mel.imports.cells import ImportRejected, read_table
from mel.sheets import MAX_BYTES
from mel.snapshots import snapshots
from mel.store import environment as store_env
from mel.store import lake_for
from tests.helpers import one, table_checksums

TODAY = date(2026, 11, 23)
KENITRA = "04.281.01.01"
HEADER = "member_code,indicator_code,period,sex,value,source,note\n"
FOCAL = User("bachri", "focal_point", KENITRA)


def write(tmp_path: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


REJECTIONS = {
    # name: (second data row, column, catalog key)
    "unknown_member": ("99.999.99.99,ATI-01,2026-Q3,total,50,,", "member_code", "import.error.unknown_member_code"),
    "unknown_indicator": (f"{KENITRA},XXX-99,2026-Q3,total,50,,", "indicator_code", "import.error.unknown_indicator"),
    "outside_plan": (f"{KENITRA},ATI-01,2023-Q1,total,50,,", "period", "import.error.outside_plan"),
    "future_period": (f"{KENITRA},ATI-01,2027-Q2,total,50,,", "period", "import.error.future_period"),
    "bad_period": (f"{KENITRA},ATI-01,autumn,total,50,,", "period", "import.error.invalid_period"),
    "not_a_number": (f"{KENITRA},ATI-01,2026-Q2,total,fifty,,", "value", "import.error.not_a_number"),
    "percent_range": (f"{KENITRA},ATI-01,2026-Q2,total,120,,", "value", "import.error.percent_range"),
    "negative_count": (f"{KENITRA},DIG-01,2026-Q2,total,-3,,", "value", "import.error.negative"),
    "bad_sex": (f"{KENITRA},PAR-03,2026-Q2,children,3,,", "sex", "import.error.invalid_sex"),
    "sexes_exceed_total": (
        f"{KENITRA},PAR-03,2026-Q2,total,100,,\n{KENITRA},PAR-03,2026-Q2,women,60,,\n{KENITRA},PAR-03,2026-Q2,men,50,,",
        "value",
        "import.error.sexes_exceed_total",
    ),
    "duplicate_key": (f"{KENITRA},ATI-01,2026-Q3,total,51,,", "period", "import.error.duplicate_key"),
}


@pytest.mark.parametrize("case", sorted(REJECTIONS))
def test_each_rejection_names_row_and_column_and_writes_nothing(fresh_db: Path, tmp_path: Path, case: str) -> None:
    line, column, key = REJECTIONS[case]
    path = write(tmp_path, f"{case}.csv", HEADER + f"{KENITRA},ATI-01,2026-Q3,total,50,,\n" + line + "\n")
    before = table_checksums(fresh_db)
    with pytest.raises(ImportRejected) as caught:
        imports.commit(path.read_bytes(), path.name, COMMAND_LINE, TODAY, fresh_db)
    problem = next(p for p in caught.value.problems if p.key == key)
    row = 2 + line.count("\n") + 1  # the last line of the case
    assert problem.row == row and problem.column == column
    for lang, words in (
        ("en", (f"Row {row}", column)),
        ("fr", (f"Ligne {row}", column)),
        ("ar", (f"السطر {row}", column)),
    ):
        message = problem.message(lang)
        assert all(w in message for w in words), message
    assert table_checksums(fresh_db) == before


FILE_REJECTIONS = {
    "missing_column": (
        b"member_code,indicator_code,period,value\n04.281.01.01,ATI-01,2026-Q3,5\n",
        "import.error.missing_column",
    ),
    "empty": (b"", "import.error.empty"),
    "header_only": (HEADER.encode(), "import.error.empty"),
    "png_named_csv": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "import.error.not_table"),
    "zip_named_xlsx": (b"PK\x03\x04not really a workbook", "import.error.not_table"),
    "too_large": (b"a" * (MAX_BYTES + 1), "import.error.too_large"),
}


@pytest.mark.parametrize("case", sorted(FILE_REJECTIONS))
def test_whole_file_rejections(fresh_db: Path, tmp_path: Path, case: str) -> None:
    data, key = FILE_REJECTIONS[case]
    path = write(tmp_path, "upload.xlsx" if "xlsx" in case else "upload.csv", data)
    before = table_checksums(fresh_db)
    with pytest.raises(ImportRejected) as caught:
        imports.commit(path.read_bytes(), path.name, COMMAND_LINE, TODAY, fresh_db)
    assert caught.value.problems[0].key == key
    if case == "missing_column":
        assert caught.value.problems[0].column == "sex" and "sex" in caught.value.messages("fr")[0]
    if case == "too_large":
        assert "5" in caught.value.messages("en")[0]  # the limit is stated
    assert table_checksums(fresh_db) == before


def template_frame(reader: Reader) -> pd.DataFrame:
    data = templates.template_bytes("observations", "csv", reader, TODAY)
    return read_table(data, "t.csv")


def variants(frame: pd.DataFrame) -> dict[str, bytes]:
    """The template's rows written the ways users' spreadsheets write them."""
    body = frame.drop(columns=["_row"])
    out = {}
    out["utf8_comma"] = body.to_csv(index=False).encode("utf-8")
    out["utf8_bom_semicolon_decimal_comma"] = (
        body.assign(value=body["value"].str.replace(".", ",", regex=False)).to_csv(index=False, sep=";")
    ).encode("utf-8-sig")
    french = body.assign(
        sex=body["sex"].map({"total": "Total", "women": "Femmes", "men": "Hommes"}),
        source=body["source"].str.replace("é", "é"),
    )
    french.columns = [f" {c.upper()} " for c in french.columns]  # headers in any case, with stray spaces
    out["cp1252_french"] = (french.to_csv(index=False, sep=";") + ";;;;;;\n\n").encode("cp1252")
    arabic = body.assign(sex=body["sex"].map({"total": "المجموع", "women": "نساء", "men": "رجال"}), note="ملاحظة")
    out["cp1256_arabic"] = arabic.to_csv(index=False, sep=";").encode("cp1256")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Feuille de saisie"
    sheet.append(list(body.columns))
    for row in body.itertuples(index=False):
        sheet.append([float(v) if c == "value" else v for c, v in zip(body.columns, row, strict=True)])
    sheet.append([None] * len(body.columns))
    buffer = io.BytesIO()
    book.save(buffer)
    out["xlsx"] = buffer.getvalue()
    return out


@pytest.mark.parametrize(
    "variant", ["utf8_comma", "utf8_bom_semicolon_decimal_comma", "cp1252_french", "cp1256_arabic", "xlsx"]
)
def test_every_encoding_and_separator_round_trips_the_template(fresh_db: Path, variant: str) -> None:
    reader = Reader(fresh_db)
    frame = template_frame(reader)
    expected = [(r.member_code, r.indicator_code, r.period, r.sex, float(r.value)) for r in frame.itertuples()]
    data = variants(frame)[variant]
    preview = imports.validate(data, f"upload.{'xlsx' if variant == 'xlsx' else 'csv'}", COMMAND_LINE, TODAY, fresh_db)
    got = [(r.member_code, r.indicator_code, r.period, r.sex, float(r.value)) for r in preview.rows.itertuples()]
    assert got == expected


def test_periods_and_sexes_as_users_write_them() -> None:
    assert [imports.parse_period(v) for v in ("2024-Q3", "2024-09", "2024-08-15", "15/08/2024", "T3 2024")] == [
        "2024-Q3"
    ] * 5
    assert imports.parse_period("2024-13") is None
    assert [imports.parse_sex(v) for v in ("Women", "femmes", "نساء", "H", "total")] == [
        "women",
        "women",
        "women",
        "men",
        "total",
    ]
    assert [imports.parse_number(v) for v in ("12,5", "1 234,5", "1,234.5", "x", "")] == [
        12.5,
        1234.5,
        1234.5,
        None,
        None,
    ]


def test_preview_new_corrections_unchanged_then_undo(fresh_db: Path) -> None:
    reader = Reader(fresh_db)
    old = (
        reader.cursor()
        .execute(
            "SELECT value FROM observations_current WHERE member_code = ? AND indicator_code = 'ATI-01' "
            "AND period = '2026-Q2' "
            "AND sex = 'total'",
            [KENITRA],
        )
        .fetchone()
    )
    assert old is not None
    data = (
        HEADER + f"{KENITRA},ATI-01,2026-Q2,total,{old[0]},,\n{KENITRA},ATI-01,2026-Q3,total,61.5,,\n"
        f"{KENITRA},TRA-01,2026-Q2,total,12,,\n"
    ).encode()
    preview = imports.validate(data, "v.csv", FOCAL, TODAY, fresh_db)
    statuses = dict(
        zip(
            zip(preview.rows["indicator_code"], preview.rows["period"], strict=True),
            preview.rows["status"],
            strict=True,
        )
    )
    assert statuses[("ATI-01", "2026-Q2")] == "unchanged"
    assert statuses[("TRA-01", "2026-Q2")] == "correction"
    batch = imports.commit(data, "v.csv", FOCAL, TODAY, fresh_db)
    history = batches.value_history(Reader(fresh_db), KENITRA, "TRA-01", "2026-Q2", "total")
    assert list(history["value"])[-1] == 12 and len(history) >= 2
    assert history.iloc[-1]["file_name"] == "v.csv" and history.iloc[-1]["recorded_by"] == "bachri"
    assert len(history.iloc[-1]["sha256"]) == 64
    batches.undo(batch, FOCAL, fresh_db)
    history = batches.value_history(Reader(fresh_db), KENITRA, "TRA-01", "2026-Q2", "total")
    assert list(history["value"])[-3:] == [history["value"].iloc[-3], 12, history["value"].iloc[-3]]
    assert bool(history.iloc[-1]["is_current"])
    current = (
        Reader(fresh_db)
        .cursor()
        .execute(
            "SELECT count(*) FROM observations_current WHERE member_code = ? AND indicator_code = 'ATI-01' "
            "AND period = '2026-Q3' AND sex = 'total' AND value = 61.5",
            [KENITRA],
        )
        .fetchone()
    )
    assert current == (0,)  # the new value of the undone batch no longer shows
    with pytest.raises(ValueError):
        batches.undo(batch, FOCAL, fresh_db)


def test_sql_in_a_value_is_stored_as_text_and_neutralised_on_export(fresh_db: Path, tmp_path: Path) -> None:
    nasty = "'); DROP TABLE observations; --"
    formula = "=HYPERLINK(A1)+2"
    data = (HEADER + f'{KENITRA},ATI-01,2026-Q3,total,70,"{nasty}","{formula}"\n').encode()
    imports.commit(data, "x.csv", FOCAL, TODAY, fresh_db)
    reader = Reader(fresh_db)
    row = (
        reader.cursor()
        .execute(
            "SELECT source, note FROM observations_current WHERE member_code = ? AND indicator_code = 'ATI-01' "
            "AND period = '2026-Q3' AND sex = 'total'",
            [KENITRA],
        )
        .fetchone()
    )
    assert row == (nasty, formula)
    assert reader.cursor().execute("SELECT count(*) > 1000 FROM core.observations").fetchone() == (True,)
    files = opendata.export_all(reader, tmp_path / "csv", "csv", progress=lambda _: None)
    text = (tmp_path / "csv" / "observations_current.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text and '"=HYPERLINK' not in text
    assert len(files) == len(opendata.PUBLIC_VIEWS)
    xlsx = opendata.export_all(reader, tmp_path / "xlsx", "xlsx", progress=lambda _: None)
    cells = pd.read_excel(tmp_path / "xlsx" / "observations_current.xlsx")
    assert (cells["note"].dropna() == "'" + formula).any()
    assert len(xlsx) == len(opendata.PUBLIC_VIEWS)


def test_export_formats_and_privacy(reader: Reader, tmp_path: Path) -> None:
    opendata.export_all(reader, tmp_path / "pq", "parquet", progress=lambda _: None)
    participation = pd.read_parquet(tmp_path / "pq" / "participation.parquet")
    assert (participation["participants_women"] == "< 5").any()  # small committees
    assert not participation["participants_women"].isin(["1", "2", "3", "4"]).any()
    members = pd.read_parquet(tmp_path / "pq" / "members.parquet")
    assert len(members) == 228


def test_a_focal_point_cannot_write_another_members_data(fresh_db: Path) -> None:
    before = table_checksums(fresh_db)
    other = "09.541.01.13"
    data = (HEADER + f"{other},ATI-01,2026-Q3,total,50,,\n").encode()
    with pytest.raises(ImportRejected) as caught:
        imports.commit(data, "o.csv", FOCAL, TODAY, fresh_db)
    assert caught.value.problems[0].key == "import.error.not_allowed"
    frame = pd.DataFrame([{"_row": 1, "member_code": other, "milestone_id": 1, "done_on": "2026-01-01", "note": ""}])
    with pytest.raises(ImportRejected):
        imports.commit_frame("milestones", frame, FOCAL, "entry", None, TODAY, fresh_db)
    with pytest.raises(PermissionDenied):
        assessments.record_assessment(FOCAL, 1, "complete", "major", True, fresh_db)
    with pytest.raises(PermissionDenied):
        imports.commit(
            b"member_code,kind,joined_on,cohort\n01.511.01.01,commune,2024-12-10,3\n", "m.csv", FOCAL, TODAY, fresh_db
        )
    evaluator = User("eva", "evaluator")
    with pytest.raises(ImportRejected):
        imports.commit(data, "o.csv", evaluator, TODAY, fresh_db)
    assert table_checksums(fresh_db) == before
    assert assessments.record_assessment(evaluator, 1, "complete", "major", True, fresh_db) >= 1


MIXED_LINES = [
    f"{KENITRA},ATI-01,2026-Q3,total,50,,",  # 2: fine, the first of a key repeated below
    "99.999.99.99,ATI-01,2026-Q3,total,50,,",
    f"{KENITRA},XXX-99,2026-Q3,total,50,,",
    f"{KENITRA},ATI-01,autumn,total,50,,",  # 5
    f"{KENITRA},PAR-03,2026-Q2,children,3,,",
    f"{KENITRA},ATI-01,2026-Q2,total,fifty,,",
    f"{KENITRA},ATI-01,2026-Q3,total,51,,",  # 8: the key of row 2
    f"{KENITRA},DIG-01,2026-Q2,total,20000000,,",
    f"{KENITRA},ATI-01,2026-Q1,total,120,,",  # 10
    f"{KENITRA},DIG-01,2026-Q1,total,-3,,",
    f"{KENITRA},DIG-01,2026-Q3,total,2.5,,",
    f"{KENITRA},ATI-04,2026-Q1,total,4000,,",
    f"{KENITRA},ATI-01,2027-Q2,total,50,,",
    f"{KENITRA},ATI-01,2023-Q1,total,50,,",  # 15
    f"{KENITRA},ATI-01,2026-Q2,women,50,,",
    "99.999.99.99,XXX-99,never,nobody,abc,,",  # 17: every column wrong, twice
    "99.999.99.99,XXX-99,never,nobody,abc,,",
    f"{KENITRA},ati-02,T2 2026,Femmes,12,,",
    f"{KENITRA},ATI-02,2026-Q2,F,13,,",  # 20: the key of row 19, written otherwise
    f'{KENITRA},ATI-01,2026-09,total,"55,5",,',
    f"{KENITRA},PAR-03,2026-Q3,women,400,,",  # women + men recorded > total recorded
    f"{KENITRA},ATI-01,15/08/2026,total,50,,",
    "# a comment line",
    "",  # 25
    f"{KENITRA},TRA-04,2026-Q2,total,-1,,",
    "05.311.05.11,ATI-01,2026-Q3,total,30,,",  # another member's: refused to a focal point
    f"{KENITRA},ATI-01,2026-Q2,hommes,20,,",
    f"{KENITRA},DIG-03,2026-Q1,total,1000,,",  # a total below the women and men recorded
    ",,,,,only a source,",  # 30
    f"{KENITRA},ATI-01,2026-Q3,total,60,,",
    f"{KENITRA},XXX-99,2026-Q3,total,50,,",  # the key of row 4, itself refused
    f" {KENITRA} ,ATI-03, 2026 Q1 ,TOTAL, 1 000 ,,",
]
_EVERY_COLUMN = ["indicator_code", "member_code", "period", "sex", "value"]
_EVERY_KEY = ["unknown_indicator", "unknown_member_code", "invalid_period", "invalid_sex", "not_a_number"]
MIXED_PROBLEMS = [
    (3, "member_code", "unknown_member_code", {"value": "99.999.99.99"}),
    (4, "indicator_code", "unknown_indicator", {"value": "XXX-99"}),
    (5, "period", "invalid_period", {"value": "autumn"}),
    (6, "sex", "invalid_sex", {"value": "children"}),
    (7, "value", "not_a_number", {"value": "fifty"}),
    (8, "period", "duplicate_key", {"first_row": 2}),
    (9, "value", "implausible", {"value": "20000000", "limit": 10_000_000}),
    (10, "value", "percent_range", {"value": "120", "limit": 100}),
    (11, "value", "negative", {"value": "-3", "limit": 10_000_000}),
    (12, "value", "not_whole", {"value": "2.5", "limit": 10_000_000}),
    (13, "value", "implausible", {"value": "4000", "limit": 3650}),
    (14, "period", "future_period", {"value": "2027-Q2"}),
    (15, "period", "outside_plan", {"value": "2023-Q1", "first": "2024-Q2", "last": "2027-Q4"}),
    (16, "sex", "not_by_sex", {"value": "ATI-01"}),
    *[
        (row, column, key, {"value": value})
        for row in (17, 18)
        for column, key, value in zip(
            _EVERY_COLUMN, _EVERY_KEY, ["XXX-99", "99.999.99.99", "never", "nobody", "abc"], strict=True
        )
    ],
    (20, "period", "duplicate_key", {"first_row": 19}),
    (21, "period", "duplicate_key", {"first_row": 2}),
    (22, "value", "sexes_exceed_total", {"women": 400.0, "men": 293.0, "total": 462.0}),
    (23, "period", "duplicate_key", {"first_row": 2}),
    (26, "value", "negative", {"value": "-1", "limit": 3650}),
    (27, "member_code", "not_allowed", {"value": "05.311.05.11"}),  # for the focal point only
    (28, "sex", "not_by_sex", {"value": "ATI-01"}),
    (29, "value", "sexes_exceed_total", {"women": 655.0, "men": 1251.0, "total": 1000.0}),
    *[(30, column, key, {"value": ""}) for column, key in zip(_EVERY_COLUMN, _EVERY_KEY, strict=True)],
    (31, "period", "duplicate_key", {"first_row": 2}),
    (32, "indicator_code", "unknown_indicator", {"value": "XXX-99"}),
]


@pytest.mark.parametrize("user", [COMMAND_LINE, FOCAL], ids=["administrator", "focal_point"])
def test_a_file_of_many_problems_reports_each_where_it_is(fresh_db: Path, user: User) -> None:
    data = (HEADER + "\n".join(MIXED_LINES) + "\n").encode()
    with pytest.raises(ImportRejected) as caught:  # on a copy whose quarters named here are open to corrections
        imports.validate(data, "mixed.csv", user, TODAY, fresh_db)
    expected = [
        (row, column, f"import.error.{key}", fields)
        for row, column, key, fields in MIXED_PROBLEMS
        if key != "not_allowed" or user is FOCAL
    ]
    assert [(p.row, p.column, p.key, p.fields) for p in caught.value.problems] == expected


def test_milestone_and_participation_imports_version_and_undo(fresh_db: Path) -> None:
    reader = Reader(fresh_db)
    milestone, done = one(
        reader.cursor()
        .execute(
            "SELECT milestone_id, done_on FROM milestones WHERE member_code = ? AND done_on IS NULL "
            "ORDER BY due_on LIMIT 1",
            [KENITRA],
        )
        .fetchone()
    )
    data = f"member_code,milestone_id,done_on,note\n{KENITRA},{milestone},2026-11-20,ok\n".encode()
    batch = imports.commit(data, "ms.csv", FOCAL, TODAY, fresh_db)
    now = (
        Reader(fresh_db)
        .cursor()
        .execute("SELECT done_on FROM milestones WHERE milestone_id = ?", [milestone])
        .fetchone()
    )
    assert str(now[0]) == "2026-11-20"  # type: ignore[index]
    batches.undo(batch, FOCAL, fresh_db)
    back = (
        Reader(fresh_db)
        .cursor()
        .execute("SELECT done_on FROM milestones WHERE milestone_id = ?", [milestone])
        .fetchone()
    )
    assert back == (done,)
    events = (
        f"member_code,held_on,kind,title,participants_women,participants_men,participants_youth,cso_count\n"
        f"{KENITRA},2026-10-01,consultation,Forum,40,60,20,5\n"
    ).encode()
    first = imports.commit(events, "e.csv", FOCAL, TODAY, fresh_db)
    fixed = events.replace(b",40,60,", b",45,60,")
    preview = imports.validate(fixed, "e2.csv", FOCAL, TODAY, fresh_db)
    assert list(preview.rows["status"]) == ["correction"]
    imports.commit(fixed, "e2.csv", FOCAL, TODAY, fresh_db)
    rows = (
        Reader(fresh_db)
        .cursor()
        .execute("SELECT participants_women FROM participation WHERE member_code = ? AND title = 'Forum'", [KENITRA])
        .fetchall()
    )
    assert rows == [(45,)]
    assert Reader(fresh_db).cursor().execute(
        "SELECT count(*) FROM core.participation_events WHERE title = 'Forum'"
    ).fetchone() == (2,)
    assert first > 0


def test_users_with_argon2(fresh_db: Path) -> None:
    user = auth.add_user("fatiha", "a long pass", "focal_point", "09.541.01.13", "Fatiha Mouafik", fresh_db)
    stored = accounts.credentials(fresh_db, "fatiha")
    assert stored is not None and stored[0].startswith("$argon2id$")
    # The hash lives in the private accounts store only: never in the database readers copy.
    if lake_for(fresh_db) is None:
        assert b"$argon2" not in fresh_db.read_bytes()
    assert all(b"$argon2" not in snapshot.read_bytes() for snapshot in snapshots(fresh_db))
    assert auth.authenticate("fatiha", "a long pass", Reader(fresh_db)) == user
    with pytest.raises(auth.AuthError):
        auth.authenticate("fatiha", "wrong", Reader(fresh_db))
    with pytest.raises(auth.AuthError):
        auth.add_user("x", "short", "focal_point", "09.541.01.13", master=fresh_db)
    auth.remove_user("fatiha", fresh_db)
    with pytest.raises(auth.AuthError):
        auth.authenticate("fatiha", "a long pass", Reader(fresh_db))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000))
def test_the_reader_never_crashes_on_arbitrary_bytes(data: bytes) -> None:
    try:
        imports.read_file(data, "anything.csv")
    except ImportRejected as rejected:
        assert rejected.messages("ar") and rejected.messages("fr")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=8), min_size=1, max_size=6))
def test_the_reader_never_crashes_on_arbitrary_tables(rows: list[list[str]]) -> None:
    text = "\n".join(";".join(cell.replace("\n", " ") for cell in row) for row in rows)
    for data in (text.encode("utf-8"), (HEADER + text).encode("utf-8", "replace")):
        with contextlib.suppress(ImportRejected):  # rejecting is fine; crashing is not
            imports.read_file(data, "x.csv")


def test_command_line_template_dry_run_and_errors(fresh_db: Path, tmp_path: Path) -> None:
    env = {**store_env(fresh_db), "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mel", *args], env=env, capture_output=True, text=True, check=False
        )

    out = tmp_path / "t.xlsx"
    assert run("template", "observations", str(out)).returncode == 0 and out.exists()
    dry = run("import", str(out), "--dry-run")
    assert dry.returncode == 0 and "nothing written" in dry.stdout
    bad = write(tmp_path, "bad.csv", HEADER + f"{KENITRA},ATI-01,2026-Q3,total,abc,,\n")
    rejected = run("import", str(bad), "--lang", "ar")
    assert rejected.returncode == 1 and "السطر 2" in rejected.stderr
