"""Learning notes: what a project taught (what worked, what did not, what we would do differently).

A member writes them at the end of a project or of its plan's cycle; a correction is a new version
of the same note, and every version is kept. The evaluators read them across the network, by
principle, and search them in any of the three languages: the notes are free text, written in
Arabic, French or English, so the query and the notes are compared without case, accents,
Arabic diacritics or the written forms of hamza.
"""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from mel import i18n, sql
from mel.auth import EXPLANATIONS, User, recheck
from mel.db import Reader, next_id, write_connection
from mel.explanations import title
from mel.i18n import t
from mel.problems import Refused
from mel.vocabulary import PRINCIPLES

END_OF = ("project", "cycle")  # when a note is written: at the end of the project, or of the plan's cycle
TEXTS = ("worked", "did_not_work", "differently")
MAX_TEXT = 4000  # characters in each of the three texts
BUILT_BY = ("demo", "system")  # notes that came with the database, not from a user


class NoteRefused(Refused):
    """A note that cannot be saved; ``key`` and ``fields`` say why in the catalog's words."""


def _cleaned(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def write_note(
    user: User,
    member_code: str,
    project_id: int,
    written_at_end_of: str,
    worked: str | None,
    did_not_work: str | None,
    differently: str | None,
    note_id: int | None = None,
    master: Path | None = None,
) -> tuple[int, int]:
    """Save a learning note about one of the member's projects: a new note, or a new version of
    ``note_id`` (the earlier versions stay). Returns (note_id, version).

    Raises PermissionDenied unless the user may write explanations for the member, and
    NoteRefused (a catalog key and its fields) for a note that cannot be saved.
    """
    user.require(EXPLANATIONS, member_code)
    if written_at_end_of not in END_OF:
        raise NoteRefused(f"written_at_end_of must be one of {END_OF}", "learning.error.end_of")
    texts = dict(zip(TEXTS, (_cleaned(worked), _cleaned(did_not_work), _cleaned(differently)), strict=True))
    if not any(texts.values()):
        raise NoteRefused("a note needs at least one of its three texts", "learning.error.empty")
    for name, text in texts.items():
        if text is not None and len(text) > MAX_TEXT:
            raise NoteRefused(
                f"{name} has {len(text)} characters, more than {MAX_TEXT}",
                f"learning.error.too_long.{name}", limit=MAX_TEXT, n=len(text),
            )  # fmt: skip
    with write_connection(master) as con:
        user = recheck(con, user)  # the account as it is now
        user.require(EXPLANATIONS, member_code)
        owner = con.execute(sql.load("evaluation/learning_write:project_member"), {"project": project_id}).fetchone()
        if owner is None:
            raise NoteRefused(f"no plan holds project {project_id}", "learning.error.unknown_project")
        if owner[0] != member_code:
            raise NoteRefused(f"project {project_id} is not {member_code}'s", "learning.error.other_member")
        if note_id is None:
            note_id, version = next_id(con, "evaluation/learning_write:next_note_id"), 1
        else:
            latest = con.execute(sql.load("evaluation/learning_write:note_latest"), {"note": note_id}).fetchone()
            if latest is None or latest[0] != member_code:
                raise NoteRefused(f"{member_code} has no note {note_id}", "learning.error.unknown_note")
            version = int(latest[1]) + 1
        con.execute(
            sql.load("evaluation/learning_write:insert_note"),
            {"note": note_id, "version": version, "member": member_code, "project": project_id,
             "end_of": written_at_end_of, **texts, "at": datetime.now(), "recorded_by": user.username},
        )  # fmt: skip
    return note_id, version


# --- Reading and searching --------------------------------------------------------------------------

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
# The forms of alef, hamza on a seat, final yeh and teh marbuta are written interchangeably; the
# tatweel only stretches a word. (NFKD already splits أ إ آ ؤ ئ into their letter and a mark.)
_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ـ": None,
     "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"}
)  # fmt: skip
_NOT_A_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Text as searched: case folded, without accents, Arabic diacritics or tatweel, one form of
    alef, yeh, teh marbuta and hamza, ASCII digits, punctuation as spaces."""
    text = text.translate(_DIGITS).translate(_LETTERS)
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) != "Mn")
    return " ".join(_NOT_A_WORD.sub(" ", bare.translate(_LETTERS).casefold()).split())


def _principle_words() -> dict[str, str]:
    """Each principle's labels in the three languages, as searched."""
    return {code: normalise(" ".join(PRINCIPLES.label(lg, code) for lg in i18n.LANGUAGES)) for code in PRINCIPLES}


def _searched(frame: pd.DataFrame, search: str) -> pd.DataFrame:
    """The notes in which every word of ``search`` is found: in their texts, the member's names,
    the project's titles or the labels of the project's principles."""
    words = normalise(search).split()
    if not words or frame.empty:
        return frame
    labels = _principle_words()
    columns = [*TEXTS, "name_ar", "name_fr", "title_ar", "title_fr", "title_en"]
    haystacks = [
        normalise(" ".join([*(str(row[c]) for c in columns if isinstance(row[c], str)),
                            *(labels[p] for p in row["principles"] if p in labels)]))
        for _, row in frame.iterrows()
    ]  # fmt: skip
    keep = [all(word in hay for word in words) for hay in haystacks]
    return frame[keep]


def _codes(value: Any) -> tuple[str, ...]:
    """A list of principle codes in the vocabulary's order."""
    given = set(value) if value is not None and not isinstance(value, float) else set()
    return tuple(code for code in PRINCIPLES if code in given)


def _first_text(row: pd.Series, columns: list[str]) -> str | None:
    return next((row[c] for c in columns if isinstance(row[c], str) and row[c].strip()), None)


def _author(name: Any, role: Any) -> str:
    """Who wrote a note, as a role (a user name can be an e-mail address: it is not published)."""
    if isinstance(role, str):
        return role
    return "demo" if name in BUILT_BY else "operator"


def notes(
    reader: Reader, lang: str, principle: str | None = None, member_code: str | None = None, search: str | None = None
) -> pd.DataFrame:
    """The current version of every learning note across the network, latest first.

    Columns: note_id, version, member_code, member (its name in ``lang``; French in English),
    project_id, project (its title in ``lang``), project_status, principles (codes of the
    project's axis, in the vocabulary's order), written_at_end_of, worked, did_not_work,
    differently, recorded_at, recorded_by, author (``focal_point``, ``evaluator``,
    ``administrator``, ``operator``, ``demo``), is_demo. ``principle`` (a code), ``member_code``
    and ``search`` (words in any of the three languages) narrow the list.
    """
    if principle is not None and principle not in PRINCIPLES:
        raise ValueError(f"principle must be one of {PRINCIPLES.codes}")
    frame = reader.df("evaluation/learning_notes", {"member": member_code, "principle": principle})
    frame["principles"] = [_codes(value) for value in frame["principles"]]
    frame = _searched(frame, search or "")
    names = [i18n.name_column(lang), "name_fr", "name_ar"]
    rows = list(frame.iterrows())
    out = frame.assign(
        member=[_first_text(row, names) or row["member_code"] for _, row in rows],
        project=[title(row, lang) or t(lang, "learning.project_gone") for _, row in rows],
        author=[_author(row["recorded_by"], row["author_role"]) for _, row in rows],
    )
    columns = ["note_id", "version", "member_code", "member", "project_id", "project", "project_status", "principles",
               "written_at_end_of", *TEXTS, "recorded_at", "recorded_by", "author", "is_demo"]  # fmt: skip
    return out[columns].reset_index(drop=True)


def member_projects(reader: Reader, member_code: str, lang: str) -> pd.DataFrame:
    """A member's projects to write a note about, completed ones first: project_id, project (its
    title in ``lang``), status."""
    frame = reader.df("evaluation/learning_projects", {"member": member_code})
    projects = [title(row, lang) or t(lang, "learning.project_gone") for _, row in frame.iterrows()]
    return pd.DataFrame(
        {"project_id": frame["project_id"].astype(int), "project": projects, "status": frame["status"]}
    ).reset_index(drop=True)


# --- Demo notes --------------------------------------------------------------------------------------

DEMO_SHARE = 0.15  # of the completed projects
DEMO_RECORDED_AT = datetime(2024, 11, 12, 9, 0)  # as the rest of the demo: builds are identical whatever the day
DEMO_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "fr": {
        "worked": (
            "La co-construction avec les associations locales a permis d'adapter le projet aux besoins des habitants.",
            "La publication régulière des informations sur le site de la commune a renforcé la confiance des citoyens.",
            "Impliquer les jeunes et les femmes dès le départ a fait venir plus de monde aux ateliers.",
            "Un point focal disponible et formé a facilité le suivi des jalons.",
            "Le partenariat avec la société civile a permis de mobiliser des moyens supplémentaires.",
        ),
        "did_not_work": (
            "Les délais de passation des marchés ont retardé plusieurs jalons.",
            "La participation est restée faible dans les quartiers éloignés du centre.",
            "Le budget prévu n'a pas suffi pour la maintenance de la plateforme numérique.",
            "Les services de la commune n'ont pas toujours transmis les données à temps.",
            "La communication autour du projet est arrivée trop tard.",
        ),
        "differently": (
            "Prévoir dès le départ un budget pour la communication et le suivi.",
            "Organiser les consultations en soirée et dans les quartiers pour toucher plus d'habitants.",
            "Désigner un responsable par jalon et faire le point chaque mois avec la société civile.",
            "Former les agents avant le lancement plutôt qu'en cours de projet.",
            "Fixer quelques indicateurs simples et les publier chaque trimestre.",
        ),
    },
    "ar": {
        "worked": (
            "مكّن الإعداد المشترك مع الجمعيات المحلية من ملاءمة المشروع مع الحاجيات الفعلية للساكنة.",
            "عزّز النشر المنتظم للمعلومات على موقع الجماعة ثقة المواطنات والمواطنين.",
            "أدى إشراك الشباب والنساء منذ البداية إلى ارتفاع الحضور في الورشات.",
            "سهّلت نقطة اتصال متفرغة ومكوَّنة تتبع المراحل.",
            "أتاحت الشراكة مع المجتمع المدني تعبئة موارد إضافية.",
        ),
        "did_not_work": (
            "أدت آجال إبرام الصفقات إلى تأخير عدة مراحل.",
            "بقيت المشاركة ضعيفة في الأحياء البعيدة عن المركز.",
            "لم تكف الميزانية المرصودة لصيانة المنصة الرقمية.",
            "لم تكن مصالح الجماعة ترسل المعطيات في الوقت المناسب دائما.",
            "جاء التواصل حول المشروع متأخرا.",
        ),
        "differently": (
            "رصد ميزانية للتواصل والتتبع منذ البداية.",
            "تنظيم المشاورات في المساء وداخل الأحياء للوصول إلى عدد أكبر من السكان.",
            "تعيين مسؤول عن كل مرحلة وعقد لقاء شهري مع المجتمع المدني.",
            "تكوين الموظفين قبل إطلاق المشروع بدل تكوينهم أثناء إنجازه.",
            "تحديد بضعة مؤشرات بسيطة ونشرها كل فصل.",
        ),
    },
}
NOTE_COLUMNS = ("note_id", "version", "member_code", "project_id", "written_at_end_of", *TEXTS, "recorded_at",
                "recorded_by", "is_demo")  # fmt: skip


def demo_notes(projects: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Demo learning notes, rows of ``core.learning_notes``, for about 15% of the completed projects.

    ``projects`` has columns project_id, member_code, status, end_on. Each note is in Arabic or
    French, its texts picked from a few fixed phrasings; the same projects and seed give the
    same notes.
    """
    rng = random.Random(seed)
    completed = projects[projects["status"] == "completed"].sort_values("project_id")
    chosen = sorted(rng.sample(range(len(completed)), round(len(completed) * DEMO_SHARE)))
    rows = []
    for note_id, position in enumerate(chosen, start=1):
        project = completed.iloc[position]
        phrases = DEMO_PHRASES[rng.choice(("ar", "fr"))]
        texts: dict[str, str | None] = {name: rng.choice(phrases[name]) for name in TEXTS}
        if rng.random() < 0.2:  # not every note says what would be done differently
            texts["differently"] = None
        rows.append(
            {"note_id": note_id, "version": 1, "member_code": str(project["member_code"]),
             "project_id": int(project["project_id"]),
             "written_at_end_of": "cycle" if rng.random() < 0.2 else "project", **texts,
             "recorded_at": DEMO_RECORDED_AT, "recorded_by": "demo", "is_demo": True}
        )  # fmt: skip
    return pd.DataFrame(rows, columns=list(NOTE_COLUMNS))
