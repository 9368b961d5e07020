"""Learning notes: written by who may, about the member's own projects, corrected as new versions,
listed across the network by principle and searched in the three languages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mel import auth, db, learning
from mel.auth import PermissionDenied, User
from mel.db import Reader
from mel.i18n import t
from tests.helpers import open_db

ROOT = Path(__file__).resolve().parent.parent
KENITRA = "04.281.01.01"
FOCAL_POINT = User("bachri", "focal_point", KENITRA, "Mohamed Bachri")
EVALUATOR = User("eva", "evaluator", None, "Eva")


@pytest.fixture()
def notes_reader(fresh_db: Path) -> Iterator[Reader]:
    r = Reader(fresh_db)
    yield r
    r.close()


def _project(reader: Reader, principle: str, member: str = KENITRA, present: bool = True) -> int:
    """One of the member's projects whose axis has (or has not) ``principle``."""
    projects = reader.df("export/projects")
    axes = reader.df("export/axes")
    under = {int(a) for a, codes in zip(axes["axis_id"], axes["principles"], strict=True) if principle in list(codes)}
    mine = projects[projects["member_code"] == member]
    chosen = mine[[(int(a) in under) == present for a in mine["axis_id"]]]
    assert not chosen.empty, (member, principle, present)
    return int(chosen["project_id"].iloc[0])


def _other_member(reader: Reader) -> tuple[str, int]:
    """Another member with a project: its code and that project."""
    projects = reader.df("export/projects")
    row = projects[projects["member_code"] != KENITRA].iloc[0]
    return str(row["member_code"]), int(row["project_id"])


def _versions(path: Path, note_id: int) -> list[tuple[int, str | None]]:
    con = open_db(path)
    try:
        query = "SELECT version, worked FROM core.learning_notes WHERE note_id = $note ORDER BY version"
        return [(int(v), w) for v, w in con.execute(query, {"note": note_id}).fetchall()]
    finally:
        con.close()


def test_a_note_and_its_correction_are_both_kept(fresh_db: Path, notes_reader: Reader) -> None:
    project = _project(notes_reader, "participation")
    note_id, version = learning.write_note(
        FOCAL_POINT, KENITRA, project, "project", "  Les ateliers de quartier  ", "", None, master=fresh_db
    )
    assert version == 1
    again, version = learning.write_note(
        FOCAL_POINT, KENITRA, project, "cycle", "Les ateliers de quartier, le soir", "La météo", None,
        note_id=note_id, master=fresh_db,
    )  # fmt: skip
    assert (again, version) == (note_id, 2)
    assert _versions(fresh_db, note_id) == [(1, "Les ateliers de quartier"), (2, "Les ateliers de quartier, le soir")]
    current = learning.notes(notes_reader, "fr", member_code=KENITRA)
    row = current[current["note_id"] == note_id].iloc[0]
    assert (row["version"], row["written_at_end_of"], row["did_not_work"]) == (2, "cycle", "La météo")
    assert row["member"] == "Kénitra" and row["author"] == "focal_point" and row["recorded_by"] == "bachri"
    assert pd.isna(row["differently"]) and "participation" in row["principles"]
    # A new note takes the next id.
    second, first_version = learning.write_note(EVALUATOR, KENITRA, project, "project", None, None, "Plus tôt",
                                                master=fresh_db)  # fmt: skip
    assert (second, first_version) == (note_id + 1, 1)


def test_who_may_write_a_members_notes(fresh_db: Path, notes_reader: Reader) -> None:
    project = _project(notes_reader, "participation")
    other, _ = _other_member(notes_reader)
    auth.add_user("voisin", "a long password", "focal_point", other, "Voisin", fresh_db)
    neighbour = User("voisin", "focal_point", other, "Voisin")
    with pytest.raises(PermissionDenied):
        learning.write_note(neighbour, KENITRA, project, "project", "Ce qui a marché", None, None, master=fresh_db)
    # A session that still believes the user is Kénitra's focal point: the database says otherwise.
    with pytest.raises(PermissionDenied):
        learning.write_note(User("voisin", "focal_point", KENITRA), KENITRA, project, "project", "x", None, None,
                            master=fresh_db)  # fmt: skip
    learning.write_note(FOCAL_POINT, KENITRA, project, "project", "Ce qui a marché", None, None, master=fresh_db)
    learning.write_note(EVALUATOR, KENITRA, project, "cycle", "Vu par l'évaluation", None, None, master=fresh_db)
    authors = learning.notes(notes_reader, "en", member_code=KENITRA)["author"]
    assert {"focal_point", "evaluator"} <= set(authors)


def test_a_note_is_about_the_members_own_project(fresh_db: Path, notes_reader: Reader) -> None:
    other, their_project = _other_member(notes_reader)
    with pytest.raises(learning.NoteRefused) as refused:
        learning.write_note(FOCAL_POINT, KENITRA, their_project, "project", "x", None, None, master=fresh_db)
    assert refused.value.key == "learning.error.other_member"
    with pytest.raises(learning.NoteRefused) as unknown:
        learning.write_note(EVALUATOR, KENITRA, 999_999, "project", "x", None, None, master=fresh_db)
    assert unknown.value.key == "learning.error.unknown_project"
    # Another member's note cannot be corrected as if it were Kénitra's.
    theirs, _ = learning.write_note(EVALUATOR, other, their_project, "project", "x", None, None, master=fresh_db)
    mine = _project(notes_reader, "participation")
    with pytest.raises(learning.NoteRefused) as foreign:
        learning.write_note(EVALUATOR, KENITRA, mine, "project", "y", None, None, note_id=theirs, master=fresh_db)
    assert foreign.value.key == "learning.error.unknown_note"
    assert _versions(fresh_db, theirs) == [(1, "x")]


def test_a_note_says_something_and_not_too_much(fresh_db: Path, notes_reader: Reader) -> None:
    project = _project(notes_reader, "participation")
    cases = [
        (("project", " ", "", None), "learning.error.empty"),
        (("later", "x", None, None), "learning.error.end_of"),
        (("project", "x", "y" * (learning.MAX_TEXT + 1), None), "learning.error.too_long.did_not_work"),
    ]
    for (end_of, worked, did_not_work, differently), key in cases:
        with pytest.raises(learning.NoteRefused) as refused:
            learning.write_note(FOCAL_POINT, KENITRA, project, end_of, worked, did_not_work, differently,
                                master=fresh_db)  # fmt: skip
        assert refused.value.key == key
        for lang in ("ar", "fr", "en"):
            assert "{" not in t(lang, key, **refused.value.fields)
    learning.write_note(FOCAL_POINT, KENITRA, project, "project", "x" * learning.MAX_TEXT, None, None, master=fresh_db)


def test_search_in_arabic_ignores_diacritics_hamza_and_digits(fresh_db: Path, notes_reader: Reader) -> None:
    project = _project(notes_reader, "participation")
    arabic, _ = learning.write_note(
        FOCAL_POINT, KENITRA, project, "project",
        "نجحت الورشات في الأحياء بفضل إشراك الجمعيات سنة ٢٠٢٥", None, "المُشَارَكَة المُبَكِّرَة للشباب",
        master=fresh_db,
    )  # fmt: skip
    french, _ = learning.write_note(
        FOCAL_POINT, KENITRA, project, "project", "Les ateliers ont bien marché", None, None, master=fresh_db
    )

    def found(search: str) -> set[int]:
        return set(learning.notes(notes_reader, "ar", member_code=KENITRA, search=search)["note_id"])

    for search in ("المشاركة", "المُشارَكة", "مشاركه", "الاحياء", "اشراك الجمعيات", "إشراك", "أشراك", "ٱلورشات",
                   "2025", "٢٠٢٥", "الورشـــات"):  # fmt: skip
        assert arabic in found(search), search
        assert french not in found(search) or search in ("المشاركة", "المُشارَكة", "مشاركه"), search
    assert arabic not in found("الاحياء مدرسة")  # every word must be found


def test_search_in_french_ignores_accents_and_case(fresh_db: Path, notes_reader: Reader) -> None:
    project = _project(notes_reader, "participation")
    note_id, _ = learning.write_note(
        FOCAL_POINT, KENITRA, project, "project", None, "L'action n'a pas été évaluée à temps.", None, master=fresh_db
    )
    for search in ("evaluee", "ÉVALUÉE", "Évaluée", "action evaluee"):
        assert note_id in set(learning.notes(notes_reader, "en", search=search)["note_id"]), search
    assert note_id not in set(learning.notes(notes_reader, "en", search="evaluer")["note_id"])
    # The member's name in either script and the project's title are searched too.
    for search in ("kenitra", "القنيطرة"):
        assert note_id in set(learning.notes(notes_reader, "fr", search=search)["note_id"]), search


def test_principles_filter_and_find_notes(fresh_db: Path, notes_reader: Reader) -> None:
    under = _project(notes_reader, "participation")
    outside = _project(notes_reader, "participation", present=False)
    participating, _ = learning.write_note(FOCAL_POINT, KENITRA, under, "project", "Un atelier", None, None,
                                           master=fresh_db)  # fmt: skip
    other, _ = learning.write_note(FOCAL_POINT, KENITRA, outside, "project", "Un registre", None, None,
                                   master=fresh_db)  # fmt: skip

    def found(**narrowed: str) -> set[int]:
        return set(learning.notes(notes_reader, "fr", member_code=KENITRA, **narrowed)["note_id"])

    # A principle's name in any language finds the notes of projects under it.
    for search in ("Citizen participation", "participation", "Participation citoyenne", "مشاركة", "المشاركة المواطنة"):
        assert participating in found(search=search) and other not in found(search=search), search
    assert participating in found(principle="participation") and other not in found(principle="participation")
    listed = learning.notes(notes_reader, "fr", principle="participation")
    assert all("participation" in codes for codes in listed["principles"])
    with pytest.raises(ValueError):
        learning.notes(notes_reader, "fr", principle="openness")


def test_notes_are_in_the_language(fresh_db: Path, notes_reader: Reader) -> None:
    project = _project(notes_reader, "participation")
    note_id, _ = learning.write_note(FOCAL_POINT, KENITRA, project, "project", "x", None, None, master=fresh_db)
    titles = notes_reader.df("export/projects").set_index("project_id").loc[project]
    for lang, name in (("ar", "القنيطرة"), ("fr", "Kénitra"), ("en", "Kénitra")):
        row = learning.notes(notes_reader, lang, member_code=KENITRA).set_index("note_id").loc[note_id]
        assert row["member"] == name and row["project"] == titles[f"title_{lang}"]
    projects = learning.member_projects(notes_reader, KENITRA, "fr")
    done = list(projects["status"] == "completed")
    assert done == sorted(done, reverse=True) and project in set(projects["project_id"])


def test_a_note_is_recorded_at_the_applications_time(
    fresh_db: Path, notes_reader: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = datetime(2026, 10, 30, 23, 59, 30)  # the deadline's last minute, whatever the server's time zone

    class Clock(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Clock:
            return cls.fromisoformat(written.isoformat())

    monkeypatch.setattr(learning, "datetime", Clock)
    project = _project(notes_reader, "participation")
    note_id, _ = learning.write_note(FOCAL_POINT, KENITRA, project, "project", "x", None, None, master=fresh_db)
    row = learning.notes(notes_reader, "fr", member_code=KENITRA).set_index("note_id").loc[note_id]
    assert row["recorded_at"] == written


def test_a_title_in_one_language_only_is_shown_in_the_others() -> None:
    class OneProject:
        def df(self, name: str, params: Any = None) -> pd.DataFrame:
            return pd.DataFrame(
                {"project_id": [7, 8], "title_ar": ["المتحف الرياضي", None], "title_fr": [None, None],
                 "title_en": [float("nan"), None], "status": ["completed", "ongoing"], "end_on": [None, None]}
            )  # fmt: skip

    for lang in ("ar", "fr", "en"):
        projects = learning.member_projects(OneProject(), KENITRA, lang)  # type: ignore[arg-type]
        assert list(projects["project"]) == ["المتحف الرياضي", t(lang, "learning.project_gone")]


def test_normalise() -> None:
    assert learning.normalise("أَإِآٱ ى ة ؤ ئ ـا") == "اااا ي ه و ي ا"
    assert learning.normalise("Évaluée, l'ŒUVRE ١٢") == "evaluee l oeuvre 12"


def test_demo_notes_fit_the_table(fresh_db: Path, notes_reader: Reader) -> None:
    projects = notes_reader.df("export/projects")[["project_id", "member_code", "status", "end_on"]]
    frame = learning.demo_notes(projects, seed=7)
    completed = projects[projects["status"] == "completed"]
    assert len(frame) == round(len(completed) * learning.DEMO_SHARE) > 0
    assert set(frame["project_id"]) <= set(completed["project_id"])
    assert frame["note_id"].is_unique and (frame["version"] == 1).all() and frame["is_demo"].all()
    assert frame.equals(learning.demo_notes(projects, seed=7))
    assert not frame.equals(learning.demo_notes(projects, seed=8))
    owners = dict(zip(projects["project_id"], projects["member_code"], strict=True))
    assert all(owners[p] == m for p, m in zip(frame["project_id"], frame["member_code"], strict=True))
    with db.write_connection(fresh_db) as con:
        con.execute("DELETE FROM core.learning_notes")
        db.insert_frame(con, "learning_notes", frame)
    listed = learning.notes(notes_reader, "ar")
    assert len(listed) == len(frame) and set(listed["author"]) == {"demo"}
    assert len(learning.demo_notes(projects.iloc[0:0], seed=1)) == 0


# --- On screen ----------------------------------------------------------------------------------------


def _form_app(lang: str, username: str) -> None:
    from mel.auth import User
    from ui import learning as learning_view

    users = {"bachri": User("bachri", "focal_point", "04.281.01.01", "Mohamed Bachri"), "eva": User("eva", "evaluator")}
    learning_view.note_form(users.get(username), "04.281.01.01", lang)


def test_the_form_writes_a_note_then_corrects_it(fresh_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEL_DB", str(fresh_db))
    at = AppTest.from_function(_form_app, kwargs={"lang": "fr", "username": "bachri"}, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox[1].options[0].endswith(t("fr", "project_status.completed"))  # completed projects first
    at.button(key=f"learning_save_{KENITRA}").click().run()
    assert [e.value for e in at.error] == [t("fr", "learning.error.empty")]
    at.text_area[0].input("Les réunions du soir ont fait venir les habitants").run()
    at.radio[0].set_value("cycle").run()
    at.button(key=f"learning_save_{KENITRA}").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == [t("fr", "learning.saved", version="1")]
    assert [a.value for a in at.text_area] == ["", "", ""]  # a blank form for the next note
    # Correcting: the note chosen, its fields filled with what is saved; saved as version 2.
    at.selectbox(key=f"learning_note_{KENITRA}").select_index(1).run()  # the latest note, first after "new"
    assert at.text_area[0].value == "Les réunions du soir ont fait venir les habitants"
    assert at.radio[0].value == "cycle"
    at.text_area[2].input("Commencer plus tôt").run()
    at.button(key=f"learning_save_{KENITRA}").click().run()
    assert [s.value for s in at.success] == [t("fr", "learning.saved", version="2")]
    assert at.text_area[2].value == "Commencer plus tôt"
    note = at.selectbox(key=f"learning_note_{KENITRA}").value
    assert note is not None
    chosen = int(note)
    assert [v for v, _ in _versions(fresh_db, chosen)] == [1, 2]


def test_the_form_asks_to_sign_in(fresh_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEL_DB", str(fresh_db))
    at = AppTest.from_function(_form_app, kwargs={"lang": "ar", "username": "nobody"}, default_timeout=60).run()
    assert not at.exception and not at.text_area
    assert t("ar", "learning.sign_in") in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_the_evaluation_page_lists_the_notes_by_principle(
    fresh_db: Path, notes_reader: Reader, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("MEL_DB", str(fresh_db))
    both = _project(notes_reader, "participation")
    learning.write_note(FOCAL_POINT, KENITRA, both, "project", "Les ateliers ont été évalués", None, None,
                        master=fresh_db)  # fmt: skip
    listed = learning.notes(notes_reader, lang)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["tab"] = "learning"
    at.run()
    at.switch_page("pages/evaluation_page.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.tabs[-1].label == t(lang, "eval.tab_learning")
    shown = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.label for e in at.expander]
    count = t(lang, "learning.count", n=len(listed))
    assert f"**{count}**" in shown
    assert not any(re.search(r"\b(None|nan|NaN|NaT)\b|<NA>", text) for text in shown)
    labels = [e.label.split(" · ")[0] for e in at.expander]
    assert t(lang, "principle.participation") in labels
    at.text_input(key="notes_search").input("EVALUES").run()
    assert f"**{t(lang, 'learning.count', n=1)}**" in [m.value for m in at.markdown]
    assert at.query_params["notes_search"] in ("EVALUES", ["EVALUES"])
    at.text_input(key="notes_search").input("zzzz").run()
    assert [i.value for i in at.info] == [t(lang, "learning.none_found")]
