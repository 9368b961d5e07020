"""Comments and evidence on a member's values, milestones, projects and quarters."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1.element_tree import Element

from mel import evidence, explanations
from mel.auth import PermissionDenied, User, add_user
from mel.db import Reader
from mel.evidence import EvidenceRefused
from mel.explanations import ExplanationRefused
from mel.i18n import t
from tests.helpers import open_db

KENITRA = "04.281.01.01"
OTHER = "04.281.03.11"  # another member of the demo network, with a plan
FOCAL_POINT = User("bachri", "focal_point", KENITRA)
EVALUATOR = User("eva", "evaluator")
VALUE = explanations.value_key("ATI-02", "2026-Q3", "women")


def pdf_bytes() -> bytes:
    """A small valid PDF: one empty page."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start))
    return out.getvalue()


def png_bytes() -> bytes:
    """A small valid PNG: one white pixel."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def ods_bytes() -> bytes:
    """The start of an OpenDocument spreadsheet: its uncompressed ``mimetype`` first."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def rows(path: Path, table: str) -> int:
    con = open_db(path)
    try:
        return int(con.execute(f"SELECT count(*) FROM core.{table}").fetchone()[0])  # type: ignore[index]
    finally:
        con.close()


def stored_files(path: Path) -> list[str]:
    folder = evidence.evidence_dir(path)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# ---- keys ---------------------------------------------------------------------------------------


def test_keys_are_built_and_read_back() -> None:
    assert explanations.value_key("T1", "2026-Q3", "total") == "T1|2026-Q3|total"
    assert explanations.parse_key("value", "T1|2026-Q3|total") == ("T1", "2026-Q3", "total")
    assert explanations.milestone_key(12) == "12" and explanations.parse_key("milestone", "12") == ("12",)
    assert explanations.project_key(3) == "3" and explanations.quarter_key("2026-Q3") == "2026-Q3"
    for subject, key in [("value", "T1|2026-Q5|total"), ("value", "T1|2026-Q3|other"), ("value", "T1|2026-Q3"),
                         ("milestone", "0"), ("milestone", "x"), ("project", "-1"), ("quarter", "2026"),
                         ("measure", "1")]:  # fmt: skip
        with pytest.raises(ExplanationRefused):
            explanations.parse_key(subject, key)


# ---- comments -----------------------------------------------------------------------------------


def test_comment_round_trip(fresh_db: Path) -> None:
    body = "  Moins de femmes ce trimestre.  "
    first = explanations.add_comment(FOCAL_POINT, KENITRA, "value", VALUE, body, fresh_db)
    second = explanations.add_comment(EVALUATOR, KENITRA, "quarter", "2026-Q3", "تم التحقق من القيم.", fresh_db)
    assert second == first + 1
    reader = Reader(fresh_db)
    try:
        frame = explanations.comments(reader, KENITRA)
        assert list(frame.columns) == ["comment_id", "subject", "subject_key", "body", "recorded_at", "recorded_by"]
        assert list(frame["comment_id"]) == [second, first]  # the newest first
        assert frame.set_index("comment_id").loc[first, "body"] == "Moins de femmes ce trimestre."
        assert list(explanations.comments(reader, KENITRA, "value")["comment_id"]) == [first]
        assert explanations.comments(reader, OTHER).empty
        about = explanations.described(frame, reader, "fr").set_index("comment_id")["about"]
        assert "T3 2026" in about[first] and t("fr", "sex.women") in about[first]
        assert about[second] == t("fr", "explanations.about.quarter", quarter="T3 2026")
        shown = explanations.comments_table(reader, KENITRA, "en")
        assert list(shown[t("en", "explanations.col.by")]) == ["Eva", "Mohamed Bachri"]  # display names
    finally:
        reader.close()


def test_comment_is_checked(fresh_db: Path) -> None:
    with pytest.raises(ExplanationRefused) as empty:
        explanations.add_comment(FOCAL_POINT, KENITRA, "quarter", "2026-Q3", "   \n ", fresh_db)
    assert empty.value.key == "explanations.error.empty"
    with pytest.raises(ExplanationRefused) as long:
        explanations.add_comment(FOCAL_POINT, KENITRA, "quarter", "2026-Q3", "x" * 4001, fresh_db)
    assert long.value.key == "explanations.error.too_long" and long.value.fields == {"n": 4001, "limit": 4000}
    with pytest.raises(ExplanationRefused) as unknown:
        explanations.add_comment(FOCAL_POINT, KENITRA, "value", "NOPE-1|2026-Q3|total", "x", fresh_db)
    assert unknown.value.key == "explanations.error.subject"
    reader = Reader(fresh_db)
    try:  # a milestone of another member is not Kénitra's to explain
        other = reader.df("reporting/explainable_items", {"member": OTHER})
    finally:
        reader.close()
    milestone = other[other["subject"] == "milestone"]["subject_key"].iloc[0]
    with pytest.raises(ExplanationRefused):
        explanations.add_comment(FOCAL_POINT, KENITRA, "milestone", milestone, "x", fresh_db)
    explanations.add_comment(EVALUATOR, OTHER, "milestone", milestone, "ok", fresh_db)
    assert rows(fresh_db, "comments") == 1


def test_only_the_members_focal_point_or_an_evaluator_may_comment(fresh_db: Path) -> None:
    add_user("amina", "a long password", "focal_point", OTHER, "Amina", fresh_db)
    with pytest.raises(PermissionDenied):
        explanations.add_comment(User("amina", "focal_point", OTHER), KENITRA, "quarter", "2026-Q3", "x", fresh_db)
    # A session that still believes it is Kénitra's focal point is checked against the account.
    with pytest.raises(PermissionDenied):
        explanations.add_comment(User("amina", "focal_point", KENITRA), KENITRA, "quarter", "2026-Q3", "x", fresh_db)
    assert rows(fresh_db, "comments") == 0
    explanations.add_comment(EVALUATOR, KENITRA, "quarter", "2026-Q3", "vu", fresh_db)
    explanations.add_comment(EVALUATOR, OTHER, "quarter", "2026-Q3", "vu", fresh_db)
    assert rows(fresh_db, "comments") == 2


def test_subject_options_name_values_quarters_projects_and_milestones(reader: Reader) -> None:
    options = explanations.subject_options(reader, KENITRA, "ar", date(2026, 11, 25))
    assert set(options["subject"]) == {"value", "quarter", "project", "milestone"}
    assert options["about"].str.len().gt(0).all()
    quarters = list(options[options["subject"] == "quarter"]["subject_key"])
    assert quarters == ["2026-Q4", "2026-Q3", "2026-Q2", "2026-Q1"]
    values = options[options["subject"] == "value"]["subject_key"]
    assert values.iloc[0].split("|")[1] == "2026-Q3" and values.str.split("|").str[1].nunique() <= 4


# ---- evidence -----------------------------------------------------------------------------------


def test_a_pdf_is_stored_under_its_hash_and_read_back(fresh_db: Path) -> None:
    data = pdf_bytes()
    digest = hashlib.sha256(data).hexdigest()
    first = evidence.attach_file(FOCAL_POINT, KENITRA, "value", VALUE, "rapport T3.pdf", data, fresh_db)
    again = evidence.attach_file(EVALUATOR, KENITRA, "quarter", "2026-Q3", "../copie.PDF", data, fresh_db)
    assert again == first + 1
    assert stored_files(fresh_db) == [digest]  # the same content, stored once
    assert oct(evidence.evidence_dir(fresh_db).stat().st_mode & 0o777) == "0o700"
    assert evidence.file_bytes(fresh_db, digest) == data
    reader = Reader(fresh_db)
    try:
        frame = evidence.evidence(reader, KENITRA).set_index("evidence_id")
        shown = evidence.evidence_table(reader, KENITRA, "fr")
    finally:
        reader.close()
    assert frame.loc[first, ["sha256", "file_name", "media_type", "size_bytes"]].tolist() == [
        digest, "rapport T3.pdf", "application/pdf", len(data)
    ]  # fmt: skip
    assert frame.loc[again, "file_name"] == "copie.PDF" and frame["link"].isna().all()
    assert list(shown[t("fr", "explanations.col.kind")]) == [t("fr", "evidence.kind.pdf")] * 2
    with pytest.raises(ValueError):
        evidence.file_bytes(fresh_db, "../mel.duckdb")


def test_other_accepted_types(fresh_db: Path) -> None:
    evidence.attach_file(FOCAL_POINT, KENITRA, "quarter", "2026-Q3", "photo.png", png_bytes(), fresh_db)
    evidence.attach_file(FOCAL_POINT, KENITRA, "quarter", "2026-Q3", "liste.ods", ods_bytes(), fresh_db)
    csv = "commune;valeur\nKénitra;12\n".encode()
    evidence.attach_file(FOCAL_POINT, KENITRA, "quarter", "2026-Q3", "valeurs.csv", csv, fresh_db)
    reader = Reader(fresh_db)
    try:
        types = list(evidence.evidence(reader, KENITRA)["media_type"])
    finally:
        reader.close()
    assert types == ["text/csv", "application/vnd.oasis.opendocument.spreadsheet", "image/png"]


def test_a_title_in_one_language_is_shown_in_every_language() -> None:
    only_arabic = {"title_ar": "المتحف الرياضي", "title_fr": None, "title_en": float("nan")}
    assert [explanations.title(only_arabic, lang) for lang in ("ar", "fr", "en")] == ["المتحف الرياضي"] * 3
    assert explanations.title({"title_ar": None, "title_fr": " ", "title_en": "Museum"}, "fr") == "Museum"
    assert explanations.title({"title_ar": None, "title_fr": None, "title_en": None}, "fr") == ""
    names = {(subject, "7"): explanations.title(only_arabic, "fr") for subject in ("project", "milestone")}
    for subject in ("project", "milestone"):
        shown = explanations.about("fr", subject, "7", {}, names)
        assert shown == t("fr", f"explanations.about.{subject}", title="المتحف الرياضي")


@pytest.mark.parametrize("start", ["BM", "MZ", "ID3", "OggS"])
def test_a_csv_starting_like_a_signature_is_a_csv(fresh_db: Path, start: str) -> None:
    data = f"{start};Kénitra;12\nBM;Salé;7\n".encode()  # a bitmap's, a program's, a sound's first bytes
    assert evidence.file_kind("valeurs.csv", data) == evidence.CSV
    evidence.attach_file(FOCAL_POINT, KENITRA, "quarter", "2026-Q3", "valeurs.csv", data, fresh_db)
    with pytest.raises(EvidenceRefused) as refused:  # the same text under another name is still refused
        evidence.file_kind("valeurs.xlsx", data)
    assert refused.value.key == "evidence.error.not_what_named"


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("photo.png", pdf_bytes(), "evidence.error.mismatch"),  # a PDF under an image's name
        ("tableau.xlsx", b"not a workbook at all", "evidence.error.not_what_named"),
        ("tableau.xlsx", ods_bytes(), "evidence.error.mismatch"),  # a zip, but not OOXML
        ("valeurs.csv", b"a,b\n\x00\x01", "evidence.error.not_what_named"),  # binary under a CSV name
        ("notes.txt", b"plain text", "evidence.error.type"),
        ("empty.pdf", b"", "evidence.error.empty"),
        ("big.pdf", pdf_bytes() + b"\x00" * evidence.MAX_BYTES, "evidence.error.too_large"),
    ],
)
def test_a_refused_file_leaves_nothing(fresh_db: Path, name: str, data: bytes, key: str) -> None:
    with pytest.raises(EvidenceRefused) as refused:
        evidence.attach_file(FOCAL_POINT, KENITRA, "value", VALUE, name, data, fresh_db)
    assert refused.value.key == key
    t("ar", refused.value.key, **refused.value.fields)  # every field the message needs is given
    if key == "evidence.error.too_large":
        assert refused.value.fields["limit"] == 10 and refused.value.fields["size"] > 10
    assert rows(fresh_db, "evidence") == 0
    assert stored_files(fresh_db) == []


def test_a_file_refused_for_its_subject_or_its_user_leaves_nothing(fresh_db: Path) -> None:
    with pytest.raises(EvidenceRefused):
        evidence.attach_file(FOCAL_POINT, KENITRA, "project", "999999", "r.pdf", pdf_bytes(), fresh_db)
    with pytest.raises(PermissionDenied):
        evidence.attach_file(User("bachri", "focal_point", OTHER), OTHER, "quarter", "2026-Q3", "r.pdf", pdf_bytes(),
                             fresh_db)  # fmt: skip
    assert rows(fresh_db, "evidence") == 0 and stored_files(fresh_db) == []


def test_links(fresh_db: Path) -> None:
    url = "https://www.kenitra.ma/fr/budget-citoyen-2026.pdf"
    evidence_id = evidence.attach_link(FOCAL_POINT, KENITRA, "quarter", "2026-Q3", f"  {url} ", fresh_db)
    for bad in ["javascript:alert(1)", "ftp://example.org/x", "www.example.org", "https://", "https://a b.org",
                "https://example.org/" + "x" * 2000]:  # fmt: skip
        with pytest.raises(EvidenceRefused) as refused:
            evidence.attach_link(FOCAL_POINT, KENITRA, "quarter", "2026-Q3", bad, fresh_db)
        assert refused.value.key in ("evidence.error.link", "evidence.error.link_too_long")
    reader = Reader(fresh_db)
    try:
        frame = evidence.evidence(reader, KENITRA)
        shown = evidence.evidence_table(reader, KENITRA, "en")
    finally:
        reader.close()
    assert list(frame["evidence_id"]) == [evidence_id] and frame["link"].iloc[0] == url
    assert frame["sha256"].isna().all() and stored_files(fresh_db) == []
    assert shown["url"].iloc[0] == url
    assert shown[t("en", "explanations.col.kind")].iloc[0] == t("en", "evidence.kind.link")


# ---- the brief ----------------------------------------------------------------------------------


def test_the_brief_lists_the_latest_comments(fresh_db: Path) -> None:
    from mel import brief, brief_content, deck

    today = date(2026, 11, 25)
    reader = Reader(fresh_db)
    try:
        before = brief_content.assemble(reader, KENITRA, "fr", None, today, charts=False)
    finally:
        reader.close()
    assert "explanations" not in [table.key for table in before.tables]  # no comment, no section
    for number in range(10):
        explanations.add_comment(FOCAL_POINT, KENITRA, "value", VALUE, f"Explication {number}. " + "x" * 400, fresh_db)
    reader = Reader(fresh_db)
    try:
        content = brief_content.assemble(reader, KENITRA, "ar", None, today, charts=False)
    finally:
        reader.close()
    table = next(table for table in content.tables if table.key == "explanations")
    assert table.title == t("ar", "brief.section.explanations", n=8) and len(table.rows) == 8
    assert table.rows[0][1].startswith("Explication 9.") and len(table.rows[0][1]) <= 280  # the newest, cut short
    assert table.rows[0][2] == "Mohamed Bachri" and "الفصل 3 من 2026" in table.rows[0][0]
    assert brief.render_pdf(content).startswith(b"%PDF") and deck.render_pptx(content)


# ---- the member page ----------------------------------------------------------------------------


def test_the_member_page_shows_and_adds_comments_and_evidence(fresh_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    import ui
    from tests.conftest import PROJECT_ROOT, TEST_PASSWORD
    from tests.helpers import shown_tables

    monkeypatch.setenv("MEL_DB", str(fresh_db))
    monkeypatch.setattr(ui, "client", lambda: ("local", "one browser"))  # the test's pages see other stand-ins
    evidence.attach_file(EVALUATOR, KENITRA, "quarter", "2026-Q3", "rapport.pdf", pdf_bytes(), fresh_db)
    reader = Reader(fresh_db)
    try:
        every = explanations.subject_options(reader, KENITRA, "fr", date.today())
        approved = explanations.subject_options(reader.approved(), KENITRA, "fr", date.today())
    finally:
        reader.close()
    drafts = set(every[every["subject"] == "value"]["about"]) - set(approved["about"])
    assert drafts  # values of a quarter not yet approved: the ones a comment explains
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    at.switch_page("pages/data_page.py").run()
    at.text_input(key="sign_in_username").input("bachri")
    at.text_input(key="sign_in_password").input(TEST_PASSWORD)
    at.button[0].click().run()
    at.switch_page("pages/plan_page.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(isinstance(b, Element) and b.label == "rapport\\.pdf" for b in at.get("download_button"))
    assert t("fr", "explanations.sign_in_download") not in [c.value for c in at.caption]
    assert drafts <= set(at.selectbox(key=f"explanations_item_{KENITRA}_value").options)
    at.radio(key=f"explanations_kind_{KENITRA}").set_value("quarter").run()
    at.selectbox(key=f"explanations_item_{KENITRA}_quarter").set_value("2026-Q3").run()
    at.text_area(key=f"explanations_body_{KENITRA}").input("Les valeurs du T3 sont vérifiées.")
    next(b for b in at.button if b.label == t("fr", "explanations.save_comment")).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any(s.value == t("fr", "explanations.saved.comment") for s in at.success)
    at.text_input(key=f"explanations_url_{KENITRA}").input("javascript:alert(1)")
    next(b for b in at.button if b.label == t("fr", "explanations.save_link")).click().run()
    assert [e.value for e in at.error] == [t("fr", "evidence.error.link")]
    tables = shown_tables(at)
    comments = next(s for s in tables if s.columns[0] == t("fr", "explanations.col.about"))
    assert list(comments[t("fr", "explanations.col.comment")]) == ["Les valeurs du T3 sont vérifiées."]
    assert comments.iloc[0, 0] == t("fr", "explanations.about.quarter", quarter="T3 2026")
    files = next(s for s in tables if s.columns[0] == t("fr", "explanations.col.evidence"))
    assert list(files.iloc[:, 0]) == ["rapport.pdf"]
    for shown in tables:
        assert not set(shown.to_numpy().ravel()) & {"None", "NaT", "nan", "<NA>", "NaN"}


def test_the_public_member_page_lists_evidence_but_offers_no_file(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.conftest import PROJECT_ROOT
    from tests.helpers import shown_tables

    monkeypatch.setenv("MEL_DB", str(fresh_db))
    evidence.attach_file(EVALUATOR, KENITRA, "quarter", "2026-Q3", "présences.pdf", pdf_bytes(), fresh_db)
    evidence.attach_link(EVALUATOR, KENITRA, "quarter", "2026-Q3", "https://www.kenitra.ma/budget.pdf", fresh_db)
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "ar"
    at.query_params["member"] = KENITRA
    at.run()
    at.switch_page("pages/plan_page.py").run()
    assert not at.exception, [e.value for e in at.exception]
    files = next(s for s in shown_tables(at) if s.columns[0] == t("ar", "explanations.col.evidence"))
    assert list(files.iloc[:, 0]) == ["https://www.kenitra.ma/budget.pdf", "présences.pdf"]  # listed, the newest first
    assert not [
        b for b in at.get("download_button") if isinstance(b, Element) and (b.key or "").startswith("evidence_file_")
    ]  # the brief's stay
    assert t("ar", "explanations.sign_in_download") in [c.value for c in at.caption]
