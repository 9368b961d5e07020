"""Action plans in as data: plan workbooks written as a secretariat would, every check, versions and undo."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from mel import batches, i18n, plan
from mel.auth import User, command_line
from mel.db import Reader
from mel.imports import members as members_import
from mel.imports import plans
from mel.imports.cells import ImportRejected
from mel.imports.plan_template import plan_rows, workbook_bytes
from tests.helpers import open_db, table_checksums

TODAY = date(2026, 11, 23)
ADMIN = command_line("secretariat")
FOCAL = User("bachri", "focal_point", "04.281.01.01")
Sheets = dict[str, list[list[Any]]]


def new_communes(path: Path, n: int = 2) -> list[str]:
    """Communes of the reference data that are not members yet."""
    con = open_db(path)
    try:
        rows = con.execute(
            "SELECT code FROM collectivities WHERE level = 'commune' AND can_be_member "
            "AND code NOT IN (SELECT member_code FROM members) ORDER BY code LIMIT ?",
            [n],
        ).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def add_members(path: Path, codes: list[str]) -> None:
    rows = "member_code,kind,joined_on,cohort\n" + "".join(f"{c},commune,2025-01-20,3\n" for c in codes)
    members_import.import_members(rows.encode(), "members.csv", ADMIN.username, path, TODAY, user=ADMIN)


def french_book(member: str) -> Sheets:
    """A plan as a secretariat types it in French Excel: text dates, decimal commas, stray spaces, a note row."""
    return {
        "Programme": [
            ["Code du membre", "Cycle", " Statut ", "Co-construit le", "Adopté le", "Début", "Fin", "Point focal",
             "Courriel du point focal", "Source"],
            [member, 1, "Mise en œuvre", "15/03/2025", "20/06/2025", "01/07/2025", "30/06/2027", "Mme Test ",
             "test@example.ma", "Délibération du conseil"],
        ],
        "Axes": [
            ["Axe", "Intitulé (français)", "Intitulé (arabe)", "Principes"],
            [1, "Transparence budgétaire", "الشفافية المالية", "Transparence et redevabilité, Accès à l'information"],
            [2, "Participation des jeunes", "مشاركة الشباب", "participation citoyenne"],
        ],
        "Projets": [
            ["Code du projet", "Axe", "Intitulé (français)", "Budget (MAD)", "Dépensé (MAD)", "Début", "Fin", "Statut",
             "Service pilote"],
            ["B1", 1, "Budget citoyen", "1 250 000,50", "300 000", "01/09/2025", "31/12/2026", "En cours", "Finances"],
            [],
            ["# le conseil des jeunes démarre en 2026"],
            ["J1", 2, "Conseil des jeunes", "80 000", "0", "01/10/2025", "30/06/2027", "Non démarré", "DAS"],
        ],
        "Jalons": [
            ["Code du projet", "Jalon", "Intitulé (français)", "Échéance", "Réalisé le", "Poids"],
            ["B1", 1, "Publication du budget citoyen", "31/12/2025", "20/12/2025", 2],
            ["B1", 2, "Atelier public", "30/06/2026", "", 1],
            ["J1", 1, "Installation du conseil", "31/03/2026", "", ""],
        ],
        "Cibles": [
            ["Code de l'indicateur", "Valeur de référence", "Date de référence", "Cible", "Date cible"],
            ["ATI-01", "20", "30/06/2025", "80", "30/06/2027"],
            ["TRA-01", "10,5", "30/06/2025", "60", "30/06/2027"],
        ],
        "IEECAG": [
            ["Période", "Créée le", "Membres : femmes", "Membres : hommes", "Réunions tenues", "Avis émis",
             "Avis suivis d'effet"],
            ["2025", "12/05/2017", 8, 5, 4, 3, 2],
        ],
    }  # fmt: skip


def arabic_book(member: str) -> Sheets:
    """The same kind of plan typed in Arabic Excel, with real date cells."""
    return {
        "البرنامج": [
            ["رمز العضو", "الدورة", "الحالة", "تاريخ الإعداد التشاركي", "تاريخ المصادقة", "تاريخ البداية", "تاريخ النهاية"],  # noqa: E501
            [member, 1, "قيد التنفيذ", date(2025, 2, 1), date(2025, 5, 1), date(2025, 6, 1), date(2027, 5, 31)],
        ],
        "المحاور": [["المحور", "العنوان بالعربية", "المبادئ"], [1, "الولوج إلى المعلومة", "الولوج إلى المعلومة، الرقمنة"]],  # noqa: E501
        "المشاريع": [
            ["رمز المشروع", "المحور", "العنوان بالعربية", "الميزانية (درهم)", "تاريخ البداية", "تاريخ النهاية", "الحالة"],  # noqa: E501
            ["م1", 1, "بوابة المعلومات", 150000, date(2025, 7, 1), date(2026, 12, 31), "في طور الإنجاز"],
        ],
        "المراحل": [
            ["رمز المشروع", "المرحلة", "العنوان بالعربية", "تاريخ الاستحقاق", "تاريخ الإنجاز"],
            ["م1", 1, "إطلاق البوابة", date(2025, 12, 31), date(2025, 12, 15)],
            ["م1", 2, "تقييم", date(2026, 9, 30), None],
        ],
        "الأهداف": [["رمز المؤشر", "القيمة المرجعية", "القيمة المستهدفة"], ["ATI-01", 10, 95]],
    }  # fmt: skip


def write_book(path: Path, sheets: Sheets) -> Path:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


@pytest.fixture()
def plan_db(fresh_db: Path) -> tuple[Path, list[str]]:
    """The demo database with two new communes (no plan yet)."""
    codes = new_communes(fresh_db)
    add_members(fresh_db, codes)
    return fresh_db, codes


def test_french_and_arabic_workbooks_show_on_every_page_and_undo_brings_them_back(
    plan_db: tuple[Path, list[str]], tmp_path: Path
) -> None:
    path, (fr_member, ar_member) = plan_db
    before = Reader(path)
    pages_before = {
        "header": plan.plan_header(before, fr_member),
        "tracking": plan.indicator_tracking(before, fr_member, TODAY)[["code", "target_value"]],
    }
    fr_file = write_book(tmp_path / "programme.xlsx", french_book(fr_member))
    preview = plans.validate(fr_file.read_bytes(), ADMIN, TODAY, path)
    assert preview.count("added") == 1 + 2 + 2 + 3 + 2 + 1  # plan, axes, projects, milestones, targets, IEECAG
    assert preview.warnings == []
    fr_batch = plans.commit(fr_file.read_bytes(), fr_file.name, ADMIN, TODAY, path)
    ar_file = write_book(tmp_path / "برنامج.xlsx", arabic_book(ar_member))
    plans.commit(ar_file.read_bytes(), ar_file.name, ADMIN, TODAY, path)

    reader = Reader(path)
    header = plan.plan_header(reader, fr_member)
    assert header is not None and header["status"] == "implementation" and header["plan_is_demo"] is False
    projects = plan.projects(reader, int(header["plan_id"]), TODAY).set_index("title_fr")
    assert float(projects.loc["Budget citoyen", "budget_mad"]) == pytest.approx(1_250_000.5)
    assert projects.loc["Budget citoyen", "progress"] == pytest.approx(2 / 3)  # weights 2 of 3 done
    tracking = plan.indicator_tracking(reader, fr_member, TODAY).set_index("code")
    assert tracking.loc["ATI-01", "target_value"] == 80 and tracking.loc["ATI-01", "target_set_by"] == "member"
    assert tracking.loc["TRA-02", "target_set_by"] == "network"
    ar_header = plan.plan_header(reader, ar_member)
    assert ar_header is not None and str(ar_header["start_on"])[:10] == "2025-06-01"
    ar_axes = plan.plan_axes(reader, int(ar_header["plan_id"]), "ar")
    assert "الرقمنة" in ar_axes.iloc[0, 1]
    con = open_db(path)
    try:
        assert con.execute("SELECT members_women FROM gender_bodies WHERE member_code = ?", [fr_member]).fetchone() == (
            8,
        )
        assert con.execute(
            "SELECT count(*) FROM plans WHERE member_code IN (?, ?)", [fr_member, ar_member]
        ).fetchone() == (2,)
    finally:
        con.close()

    # The member's own target drives its RAG: a value of 50 on ATI-01 is half way from 20 to 80.
    from mel.imports.record import record_value

    record_value(fr_member, "ATI-01", "2026-Q3", 50, recorded_by="secretariat", master=path, today=TODAY)
    tracking = plan.indicator_tracking(Reader(path), fr_member, TODAY).set_index("code")
    assert tracking.loc["ATI-01", "achievement"] == pytest.approx(0.5)

    # Undo the French plan: the pages are as they were (the value recorded since stays).
    batches.undo(fr_batch, ADMIN, path)
    after = Reader(path)
    assert plan.plan_header(after, fr_member) == pages_before["header"]
    restored = plan.indicator_tracking(after, fr_member, TODAY)[["code", "target_value"]]
    assert restored.equals(pages_before["tracking"])


# Each check: a change to the valid French workbook, and where the problem must be reported.
CASES: dict[str, tuple[str, int, int, Any, str, int, str, str]] = {
    # name: (sheet, row index, column index, new cell, sheet reported, row, column header, key)
    "unknown_member": ("Programme", 1, 0, "99.999.99.99", "Programme", 2, "Code du membre", "import.error.unknown_member_code"),  # noqa: E501
    "plan_status": ("Programme", 1, 2, "En pause", "Programme", 2, "Statut", "plan_book.error.unknown_plan_status"),
    "adoption_before_cocreation": ("Programme", 1, 4, "01/03/2025", "Programme", 2, "Adopté le", "plan_book.error.date_order"),  # noqa: E501
    "end_before_start": ("Programme", 1, 6, "01/06/2025", "Programme", 2, "Fin", "plan_book.error.date_order"),
    "principle": ("Axes", 1, 3, "Transparence, Bonheur", "Axes", 2, "Principes", "plan_book.error.unknown_principle"),
    "duplicate_axis": ("Axes", 2, 0, 1, "Axes", 3, "Axe", "plan_book.error.duplicate"),
    "project_status": ("Projets", 1, 7, "Fini ?", "Projets", 2, "Statut", "plan_book.error.unknown_project_status"),
    "missing_axis": ("Projets", 1, 1, 7, "Projets", 2, "Axe", "plan_book.error.missing_axis"),
    "duplicate_project": ("Projets", 4, 0, "B1", "Projets", 5, "Code du projet", "plan_book.error.duplicate"),
    "negative_budget": ("Projets", 1, 3, "-5", "Projets", 2, "Budget (MAD)", "plan_book.error.negative_amount"),
    "project_outside_plan": ("Projets", 1, 5, "01/01/2025", "Projets", 2, "Début", "plan_book.error.outside_plan"),
    "project_ends_before_start": ("Projets", 1, 6, "01/08/2025", "Projets", 2, "Fin", "plan_book.error.date_order"),
    "missing_project": ("Jalons", 3, 0, "ZZ", "Jalons", 4, "Code du projet", "plan_book.error.missing_project"),
    "milestone_outside_project": ("Jalons", 1, 3, "31/12/2028", "Jalons", 2, "Échéance", "plan_book.error.outside_project"),  # noqa: E501
    "done_in_future": ("Jalons", 2, 4, "01/01/2030", "Jalons", 3, "Réalisé le", "import.error.future_date"),
    "weight_not_positive": ("Jalons", 1, 5, 0, "Jalons", 2, "Poids", "plan_book.error.not_positive"),
    "duplicate_milestone": ("Jalons", 2, 1, 1, "Jalons", 3, "Jalon", "plan_book.error.duplicate"),
    "unknown_indicator": ("Cibles", 1, 0, "XXX-01", "Cibles", 2, "Code de l'indicateur", "import.error.unknown_indicator"),  # noqa: E501
    "target_equals_baseline": ("Cibles", 1, 3, "20", "Cibles", 2, "Cible", "plan_book.error.target_equals_baseline"),
    "target_out_of_range": ("Cibles", 1, 3, "120", "Cibles", 2, "Cible", "import.error.percent_range"),
    "acted_above_issued": ("IEECAG", 1, 6, 9, "IEECAG", 2, "Avis suivis d'effet", "plan_book.error.acted_above_issued"),
    "bad_date": ("Programme", 1, 5, "le 1er juillet", "Programme", 2, "Début", "import.error.invalid_date"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_check_names_sheet_row_and_column_and_writes_nothing(
    plan_db: tuple[Path, list[str]], tmp_path: Path, case: str
) -> None:
    path, (member, _) = plan_db
    sheet, row, column, value, reported_sheet, reported_row, header, key = CASES[case]
    book = french_book(member)
    book[sheet][row][column] = value
    file = write_book(tmp_path / f"{case}.xlsx", book)
    before = table_checksums(path)
    with pytest.raises(ImportRejected) as rejected:
        plans.commit(file.read_bytes(), file.name, ADMIN, TODAY, path)
    found = [p for p in rejected.value.problems if p.key == key]
    assert found, [p.key for p in rejected.value.problems]
    problem = found[0]
    assert (problem.sheet, problem.row, problem.column) == (reported_sheet, reported_row, header)
    message = problem.message("fr")
    assert reported_sheet in message and f"Ligne {reported_row}" in message and header.strip() in message
    assert table_checksums(path) == before


def test_a_plan_without_axes_and_another_members_plan_are_refused(
    plan_db: tuple[Path, list[str]], tmp_path: Path
) -> None:
    path, (member, _) = plan_db
    book = french_book(member)
    book["Axes"] = [book["Axes"][0]]
    before = table_checksums(path)
    with pytest.raises(ImportRejected) as rejected:
        plans.commit(write_book(tmp_path / "no-axis.xlsx", book).read_bytes(), "no-axis.xlsx", ADMIN, TODAY, path)
    assert "plan_book.error.no_axis" in [p.key for p in rejected.value.problems]
    # Kénitra's focal point may not write another member's plan.
    with pytest.raises(ImportRejected) as refused:
        plans.commit(
            write_book(tmp_path / "other.xlsx", french_book(member)).read_bytes(), "o.xlsx", FOCAL, TODAY, path
        )
    problem = refused.value.problems[0]
    assert (problem.key, problem.sheet, problem.row, problem.column) == (
        "import.error.not_allowed", "Programme", 2, "Code du membre")  # fmt: skip
    assert table_checksums(path) == before


def test_spent_above_budget_is_a_warning_and_the_plan_is_written(
    plan_db: tuple[Path, list[str]], tmp_path: Path
) -> None:
    path, (member, _) = plan_db
    book = french_book(member)
    book["Projets"][1][4] = "2 000 000"
    data = write_book(tmp_path / "over.xlsx", book).read_bytes()
    preview = plans.validate(data, ADMIN, TODAY, path)
    assert [w.key for w in preview.warnings] == ["plan_book.warning.spent_above_budget"]
    assert "Projets" in preview.warnings[0].message("fr")
    assert plans.commit(data, "over.xlsx", ADMIN, TODAY, path) > 0
    header = plan.plan_header(Reader(path), member)
    assert header is not None
    written = plan.projects(Reader(path), int(header["plan_id"]), TODAY).set_index("title_fr")
    assert str(written.loc["Budget citoyen", "start_on"])[:10] == "2025-09-01"  # a warning changes nothing written


def test_a_revised_plan_is_a_new_version_and_undo_restores_the_exact_rows(
    plan_db: tuple[Path, list[str]], tmp_path: Path
) -> None:
    path, (member, _) = plan_db
    first = plans.commit(
        write_book(tmp_path / "v1.xlsx", french_book(member)).read_bytes(), "v1.xlsx", ADMIN, TODAY, path
    )
    revised = french_book(member)
    revised["Projets"][1][3] = "1 500 000"  # a new budget
    del revised["Jalons"][3]  # a milestone removed
    revised["Jalons"][2][4] = "15/09/2026"  # a milestone done
    data = write_book(tmp_path / "v2.xlsx", revised).read_bytes()
    preview = plans.validate(data, ADMIN, TODAY, path)
    rows = preview.rows.set_index(["item", "key", "field"])
    assert rows.loc[("project", "B1", "budget_mad"), "old"] == pytest.approx(1_250_000.5)
    assert rows.loc[("project", "B1", "budget_mad"), "new"] == pytest.approx(1_500_000)
    assert rows.loc[("milestone", "J1 · 1", "title"), "change"] == "removed"
    assert rows.loc[("milestone", "B1 · 2", "done_on"), "new"] == date(2026, 9, 15)
    con = open_db(path)
    v1 = con.execute("SELECT * FROM core.plan_versions WHERE member_code = ? ORDER BY version", [member]).fetchall()
    con.close()
    second = plans.commit(data, "v2.xlsx", command_line("bureau"), TODAY, path)
    con = open_db(path)
    history = con.execute(
        "SELECT version, batch_id FROM plan_history WHERE member_code = ? ORDER BY version", [member]
    ).fetchall()
    assert history == [(1, first), (2, second)]
    assert con.execute("SELECT count(*) FROM milestones m JOIN plans p USING (plan_id) WHERE p.member_code = ?",
                       [member]).fetchone() == (2,)  # fmt: skip
    con.close()
    batches.undo(second, ADMIN, path)
    con = open_db(path)
    current = con.execute(
        "SELECT * EXCLUDE (version, copied_from, batch_id) FROM core.plan_versions WHERE member_code = ? "
        "ORDER BY version DESC LIMIT 1", [member]).fetchone()  # fmt: skip
    original = con.execute(
        "SELECT * EXCLUDE (version, copied_from, batch_id) FROM core.plan_versions WHERE member_code = ? AND version = 1",  # noqa: E501
        [member]).fetchone()  # fmt: skip
    assert current == original  # who entered it, when, its source and demo flag are kept
    assert con.execute("SELECT done_on FROM milestones m JOIN plans p USING (plan_id) WHERE p.member_code = ? "
                       "AND m.project_code = 'B1' AND m.position = 2", [member]).fetchone() == (None,)  # fmt: skip
    con.close()
    assert len(v1) == 1
    # The exported workbook of the restored plan is the first one again: importing it changes nothing.
    again = workbook_bytes("ar", plan_rows(Reader(path), member))
    assert plans.validate(again, ADMIN, TODAY, path).rows.empty


def test_template_in_arabic_and_french_and_a_members_plan_ready_to_edit(demo_db: Path, tmp_path: Path) -> None:
    for lang, plan_sheet in (("ar", "البرنامج"), ("fr", "programme")):
        out = tmp_path / f"plan-{lang}.xlsx"
        out.write_bytes(workbook_bytes(lang))
        book = load_workbook(out)
        assert book.sheetnames[0] == i18n.t(lang, "plan_book.sheet.notes") and plan_sheet in book.sheetnames
        assert book[plan_sheet].sheet_view.rightToLeft is (lang == "ar")
        assert book[plan_sheet]["A1"].value == i18n.t(lang, "plan_book.col.member_code")
    filled = workbook_bytes("fr", plan_rows(Reader(demo_db), "04.281.01.01"))
    book = load_workbook(__import__("io").BytesIO(filled))
    assert book["axes"].max_row == 5 and book["projets"]["C2"].value  # Kénitra's four axes, its projects
    assert plans.validate(filled, ADMIN, TODAY, demo_db).rows.empty


# ---- round trip: a plan exported and imported again changes nothing --------------------------------

TEXT = (
    st.text(
        alphabet=st.characters(
            whitelist_categories=("Lu", "Ll", "Nd", "Zs", "Po", "Sm"), whitelist_characters="=-'é؟ع"
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
CODES = st.from_regex(r"[A-Z][A-Z0-9]{0,3}", fullmatch=True)
PRINCIPLES = ("transparency", "access_to_information", "participation", "digitalisation", "gender")


@st.composite
def generated_plans(draw: st.DrawFn, member: str) -> dict[str, list[dict[str, Any]]]:
    """A plan that passes every check: dates in order, projects inside the plan, milestones inside projects."""
    from datetime import timedelta

    start = date(2023, 1, 1) + timedelta(days=draw(st.integers(0, 1000)))
    end = start + timedelta(days=draw(st.integers(200, 1200)))
    rows: dict[str, list[dict[str, Any]]] = {
        "plan": [{"member_code": member, "cycle": 1, "status": draw(st.sampled_from(["adopted", "implementation"])),
                  "co_created_on": start - timedelta(days=90), "adopted_on": start - timedelta(days=10),
                  "start_on": start, "end_on": end, "focal_point_name": draw(st.none() | TEXT),
                  "source": draw(st.none() | TEXT), "demo": draw(st.booleans())}],
        "axes": [], "projects": [], "milestones": [],
    }  # fmt: skip
    for axis in range(1, draw(st.integers(1, 3)) + 1):
        principles = draw(st.lists(st.sampled_from(PRINCIPLES), min_size=1, max_size=3, unique=True))
        rows["axes"].append({"axis": axis, "title_fr": draw(TEXT), "title_ar": draw(st.none() | TEXT),
                             "principles": sorted(principles), "demo": draw(st.booleans())})  # fmt: skip
    for code in draw(st.lists(CODES, max_size=4, unique=True)):
        p_start = start + timedelta(days=draw(st.integers(0, 100)))
        p_end = p_start + timedelta(days=draw(st.integers(30, (end - p_start).days)))
        budget = draw(st.none() | st.integers(0, 10_000_000).map(lambda v: v / 100))
        rows["projects"].append({
            "project_code": code, "axis": draw(st.integers(1, len(rows["axes"]))), "title_en": draw(TEXT),
            "aim_fr": draw(st.none() | TEXT), "lead_service": draw(st.none() | TEXT), "budget_mad": budget,
            "spent_mad": None if budget is None else round(budget * draw(st.floats(0, 1)), 2), "start_on": p_start,
            "end_on": p_end, "status": draw(st.sampled_from(["not_started", "in_progress", "completed", "suspended"])),
            "weight": draw(st.none() | st.integers(1, 50).map(lambda v: v / 10)), "demo": draw(st.booleans()),
        })  # fmt: skip
        for number in range(1, draw(st.integers(0, 3)) + 1):
            due = p_start + timedelta(days=draw(st.integers(0, (p_end - p_start).days)))
            late = draw(st.none() | st.integers(0, 60))
            done = None if late is None else min(due + timedelta(days=late), TODAY)
            rows["milestones"].append({"project_code": code, "milestone": number, "title_fr": draw(TEXT),
                                       "due_on": due, "done_on": done, "demo": draw(st.booleans()),
                                       "weight": draw(st.none() | st.integers(1, 9).map(float))})  # fmt: skip
    rows["targets"] = [
        {"indicator_code": code, "baseline_value": base, "target_value": base + gap, "target_on": end,
         "source": draw(st.none() | TEXT), "demo": draw(st.booleans())}
        for code, base, gap in draw(st.lists(st.tuples(st.sampled_from(["ATI-01", "TRA-01", "PAR-01", "GEN-01"]),
                                                       st.integers(0, 50).map(float), st.integers(1, 50).map(float)),
                                             max_size=3, unique_by=lambda t: t[0]))
    ]  # fmt: skip
    rows["ieecag"] = [
        {"period": date(year, 12, 31), "members_women": w, "members_men": m, "opinions_issued": i,
         "opinions_acted_on": min(i, a), "took_part_in_co_creation": draw(st.none() | st.booleans()), "demo": True}
        for year, w, m, i, a in draw(st.lists(st.tuples(st.integers(2023, 2025), st.integers(0, 20), st.integers(0, 20),
                                                        st.integers(0, 9), st.integers(0, 9)),
                                              max_size=2, unique_by=lambda t: t[0]))
    ]  # fmt: skip
    return rows


CYCLES = itertools.count(1)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), lang=st.sampled_from(["ar", "fr", "en"]))
def test_an_exported_plan_imports_with_no_change(
    plan_db: tuple[Path, list[str]], data: st.DataObject, lang: str
) -> None:
    path, (member, _) = plan_db
    rows = data.draw(generated_plans(member))
    rows["plan"][0]["cycle"] = cycle = next(CYCLES)  # each example a new plan of the same member
    plans.commit(workbook_bytes(lang, rows), "generated.xlsx", ADMIN, TODAY, path)
    exported = workbook_bytes(data.draw(st.sampled_from(["ar", "fr", "en"])), plan_rows(Reader(path), member, cycle))
    assert plans.validate(exported, ADMIN, TODAY, path).rows.empty
    # The workbook as imported is the workbook as exported: nothing lost or altered on the way.
    assert plans.validate(workbook_bytes(lang, rows), ADMIN, TODAY, path).rows.empty


def test_export_writes_every_members_plan_workbook(demo_db: Path, tmp_path: Path) -> None:
    from mel.imports.plan_template import export_workbooks

    written = export_workbooks(Reader(demo_db), tmp_path, "ar")
    assert len(written) == 228 and (tmp_path / "plans" / "04.281.01.01-cycle-1.xlsx") in written
    assert plans.validate(written[0].read_bytes(), ADMIN, TODAY, demo_db).rows.empty


def test_the_member_page_shows_either_cycle_and_what_each_version_changed(
    plan_db: tuple[Path, list[str]], tmp_path: Path
) -> None:
    path, (member, _) = plan_db
    plans.commit(write_book(tmp_path / "v1.xlsx", french_book(member)).read_bytes(), "v1.xlsx", ADMIN, TODAY, path)
    revised = french_book(member)
    revised["Projets"][1][3] = "1 500 000"
    plans.commit(write_book(tmp_path / "v2.xlsx", revised).read_bytes(), "v2.xlsx", ADMIN, TODAY, path)
    second = french_book(member)
    second["Programme"][1][1:7] = [2, "Co-construction", "01/09/2026", "", "", ""]
    plans.commit(write_book(tmp_path / "c2.xlsx", second).read_bytes(), "c2.xlsx", ADMIN, TODAY, path)
    reader = Reader(path)
    assert plan.cycles(reader, member) == [2, 1]
    first = plan.plan_header(reader, member, 1)
    assert first is not None and first["cycle"] == 1 and first["plan_version"] == 2
    latest = plan.plan_header(reader, member)
    assert latest is not None and latest["cycle"] == 2 and latest["status"] == "co_creation"
    versions = plan.plan_versions(reader, int(first["plan_id"]), "fr")
    assert list(versions["version"]) == [2, 1] and list(versions["file_name"]) == ["v2.xlsx", "v1.xlsx"]
    changed = plan.version_changes(reader, int(first["plan_id"]), 2, "fr")
    assert changed[["part", "key", "change", "field"]].values.tolist() == [["Projet", "B1", "Modifié", "Budget (MAD)"]]
    assert list(changed[["old", "new"]].iloc[0]) == [i18n.decimal("fr", 1_250_000.5), i18n.decimal("fr", 1_500_000)]


def test_a_folder_of_workbooks_is_written_whole_or_not_at_all(plan_db: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, (first, second) = plan_db
    good = write_book(tmp_path / "a.xlsx", french_book(first)).read_bytes()
    broken = french_book(second)
    broken["Jalons"][1][0] = "ZZ"
    before = table_checksums(path)
    with pytest.raises(ImportRejected) as rejected:
        plans.commit_many([("a.xlsx", good), ("b.xlsx", write_book(tmp_path / "b.xlsx", broken).read_bytes())],
                          ADMIN, TODAY, path)  # fmt: skip
    assert rejected.value.problems[0].sheet == "b.xlsx: Jalons"
    assert table_checksums(path) == before
    written = plans.commit_many([("a.xlsx", good), ("c.xlsx", write_book(tmp_path / "c.xlsx", french_book(second)).read_bytes())],  # noqa: E501
                                ADMIN, TODAY, path)  # fmt: skip
    assert len(written) == 2
    assert plan.plan_header(Reader(path), second) is not None


def test_open_data_has_members_own_targets_but_not_the_focal_points_contacts(
    plan_db: tuple[Path, list[str]], tmp_path: Path
) -> None:
    from mel import opendata

    path, (member, _) = plan_db
    plans.commit(write_book(tmp_path / "p.xlsx", french_book(member)).read_bytes(), "p.xlsx", ADMIN, TODAY, path)
    reader = Reader(path)
    published = opendata.view_frame(reader, "plans")
    assert not {"focal_point_email", "focal_point_phone"} & set(published.columns)
    assert "test@example.ma" not in published.to_csv()
    targets = opendata.view_frame(reader, "member_targets")
    assert set(targets.loc[targets["member_code"] == member, "indicator_code"]) == {"ATI-01", "TRA-01"}
    assert set(targets["recorded_by_role"]) <= {"system", "operator", "administrator", "focal_point"}


def test_a_confirmation_after_someone_else_changed_the_plan_writes_nothing(
    plan_db: tuple[Path, list[str]], tmp_path: Path
) -> None:
    path, (member, _) = plan_db
    plans.commit(write_book(tmp_path / "v1.xlsx", french_book(member)).read_bytes(), "v1.xlsx", ADMIN, TODAY, path)
    mine = french_book(member)
    mine["Projets"][1][3] = "1 300 000"
    data = write_book(tmp_path / "mine.xlsx", mine).read_bytes()
    shown = plans.validate(data, ADMIN, TODAY, path)
    theirs = french_book(member)
    theirs["Projets"][4][3] = "90 000"  # another project, saved by someone else in the meantime
    plans.commit(write_book(tmp_path / "theirs.xlsx", theirs).read_bytes(), "theirs.xlsx", ADMIN, TODAY, path)
    before = table_checksums(path)
    with pytest.raises(ImportRejected) as rejected:
        plans.commit(data, "mine.xlsx", ADMIN, TODAY, path, expected=shown.fingerprint)
    assert [p.key for p in rejected.value.problems] == ["plan_book.error.changed_since"]
    assert table_checksums(path) == before
    again = plans.validate(data, ADMIN, TODAY, path)  # the preview now shows their change would be undone
    assert set(again.rows["key"]) == {"B1", "J1"}
    assert plans.commit(data, "mine.xlsx", ADMIN, TODAY, path, expected=again.fingerprint) > 0


def test_undo_of_a_first_import_withdraws_the_plan_redo_brings_it_back_and_a_later_revision_blocks_undo(
    plan_db: tuple[Path, list[str]], tmp_path: Path
) -> None:
    path, (member, _) = plan_db
    data = write_book(tmp_path / "v1.xlsx", french_book(member)).read_bytes()
    first = plans.commit(data, "v1.xlsx", ADMIN, TODAY, path)
    undone = batches.undo(first, ADMIN, path)
    header = plan.plan_header(Reader(path), member)
    assert header is not None and header["plan_id"] is None  # withdrawn: the member has no plan again
    assert (
        plan.indicator_tracking(Reader(path), member, TODAY).set_index("code").loc["ATI-01", "target_set_by"]
        == "network"
    )
    batches.redo(undone, ADMIN, path)
    header = plan.plan_header(Reader(path), member)
    assert header is not None and header["status"] == "implementation"
    assert plan.indicator_tracking(Reader(path), member, TODAY).set_index("code").loc["ATI-01", "target_value"] == 80
    revised = french_book(member)
    revised["Projets"][1][3] = "1 400 000"
    plans.commit(write_book(tmp_path / "v2.xlsx", revised).read_bytes(), "v2.xlsx", ADMIN, TODAY, path)
    with pytest.raises(batches.UndoRefused) as refused:
        batches.undo(first, ADMIN, path)  # already reversed, then redone: the redo is what may be undone
    assert refused.value.key in ("undo.error.already", "undo.error.newer")


def test_undo_of_a_plan_revised_since_is_refused(plan_db: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, (member, _) = plan_db
    first = plans.commit(
        write_book(tmp_path / "a.xlsx", french_book(member)).read_bytes(), "a.xlsx", ADMIN, TODAY, path
    )
    revised = french_book(member)
    revised["Projets"][1][3] = "1 400 000"
    second = plans.commit(write_book(tmp_path / "b.xlsx", revised).read_bytes(), "b.xlsx", ADMIN, TODAY, path)
    before = table_checksums(path)
    with pytest.raises(batches.UndoRefused) as refused:
        batches.undo(first, ADMIN, path)
    assert refused.value.key == "undo.error.newer" and "plan" in set(refused.value.newer["kind"])
    assert table_checksums(path) == before
    batches.undo(second, ADMIN, path)  # the later revision first; then the first import
    batches.undo(first, ADMIN, path)
    header = plan.plan_header(Reader(path), member)
    assert header is not None and header["plan_id"] is None
