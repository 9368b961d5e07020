"""Comments that explain a member's values, milestones, projects and quarters.

A comment is about one subject, named by a kind and a key (``core.comments``: ``subject``,
``subject_key``); the keys are built and read here only:

- ``value``: ``"{indicator_code}|{period}|{sex}"``, e.g. ``"T1|2026-Q3|total"`` (``value_key``);
- ``milestone`` / ``project``: the id as text (``milestone_key``, ``project_key``);
- ``quarter``: the period, e.g. ``"2026-Q3"`` (``quarter_key``).

Who may write: a focal point for their own member, an evaluator for any member, an
administrator (``auth.EXPLANATIONS``), checked again inside the write. Comments are never
changed or deleted: each is a new row. Evidence (files and links) is ``mel.evidence``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from mel import i18n, periods, sql
from mel.auth import EXPLANATIONS, User, recheck
from mel.db import Reader, next_id, write_connection
from mel.i18n import t
from mel.problems import Refused
from mel.vocabulary import SEXES

SUBJECTS = ("value", "milestone", "project", "quarter")
MAX_BODY = 4000  # characters of a comment
RECENT_QUARTERS = 4  # the quarters whose values a comment may be added on from the page
_INDICATOR = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
_ID = re.compile(r"^[1-9][0-9]{0,9}$")
SEPARATOR = "|"


class ExplanationRefused(Refused):
    """A comment (or the subject of a piece of evidence) that cannot be recorded; ``key`` and
    ``fields`` say why in the catalog's words."""


# ---- subjects and their keys ----------------------------------------------------------------------


def value_key(indicator: str, period: str, sex: str = "total") -> str:
    """The key of a value: ``"{indicator}|{period}|{sex}"``."""
    return _checked("value", SEPARATOR.join((indicator, period, sex)))


def milestone_key(milestone_id: int) -> str:
    """The key of a milestone: its id as text."""
    return _checked("milestone", str(milestone_id))


def project_key(project_id: int) -> str:
    """The key of a project: its id as text."""
    return _checked("project", str(project_id))


def quarter_key(period: str) -> str:
    """The key of a quarter: its period (``2026-Q3``)."""
    return _checked("quarter", period)


def parse_key(subject: str, key: str) -> tuple[str, ...]:
    """The parts of a subject's key: (indicator, period, sex) for a value, (id,) for a milestone or a
    project, (period,) for a quarter; ExplanationRefused (``explanations.error.subject``) if malformed."""
    if subject not in SUBJECTS:
        raise ExplanationRefused(f"unknown subject {subject!r}", "explanations.error.subject")
    text = key if isinstance(key, str) else ""
    if subject == "value":
        parts = tuple(text.split(SEPARATOR))
        if len(parts) == 3 and _INDICATOR.match(parts[0]) and _is_quarter(parts[1]) and parts[2] in SEXES:
            return parts
    elif subject in ("milestone", "project"):
        if _ID.match(text):
            return (text,)
    elif _is_quarter(text):
        return (text,)
    raise ExplanationRefused(f"{key!r} is not a {subject} key", "explanations.error.subject")


def _checked(subject: str, key: str) -> str:
    parse_key(subject, key)
    return key


def _is_quarter(text: str) -> bool:
    try:
        periods.parse_quarter(text)
    except ValueError:
        return False
    return True


def check_subject(con: duckdb.DuckDBPyConnection, member_code: str, subject: str, subject_key: str) -> None:
    """Inside a write: the member exists and the subject is its own (a milestone or project of one
    of its plans, a known indicator); ExplanationRefused otherwise."""
    parts = parse_key(subject, subject_key)
    if not con.execute(sql.load("accounts/users_write:member_exists"), {"member": member_code}).fetchone():
        raise ExplanationRefused(f"{member_code} is not a member", "explanations.error.unknown_member")
    found: Any = True
    if subject == "value":
        found = con.execute(sql.load("reporting/comments_write:indicator_exists"), {"indicator": parts[0]}).fetchone()
    elif subject in ("milestone", "project"):
        name = f"reporting/comments_write:{subject}_of_member"
        found = con.execute(sql.load(name), {"id": int(parts[0]), "member": member_code}).fetchone()
    if not found:
        raise ExplanationRefused(f"{subject} {subject_key} is not {member_code}'s", "explanations.error.subject")


# ---- writing ------------------------------------------------------------------------------------


def clean_body(body: str) -> str:
    """The comment as stored: stripped, one kind of line break; refused when empty or too long."""
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
    if not text:
        raise ExplanationRefused("the comment is empty", "explanations.error.empty")
    if len(text) > MAX_BODY:
        raise ExplanationRefused(
            f"the comment has {len(text)} characters, more than {MAX_BODY}", "explanations.error.too_long",
            n=len(text), limit=MAX_BODY,
        )  # fmt: skip
    return text


def insert_comment(
    con: duckdb.DuckDBPyConnection, user: User, member_code: str, subject: str, subject_key: str, body: str
) -> int:
    """Record a comment on an open write connection (no transaction of its own: the caller's
    commits or rolls back with it); returns its id. The user is read again from the database."""
    text = clean_body(body)
    user = recheck(con, user)  # the account as it is now
    user.require(EXPLANATIONS, member_code)
    check_subject(con, member_code, subject, subject_key)
    comment_id = next_id(con, "reporting/comments_write:next_comment_id")
    con.execute(
        sql.load("reporting/comments_write:insert_comment"),
        {"id": comment_id, "member": member_code, "subject": subject, "subject_key": subject_key, "body": text,
         "at": datetime.now(), "by": user.username},
    )  # fmt: skip
    return comment_id


def add_comment(
    user: User, member_code: str, subject: str, subject_key: str, body: str, master: Path | None = None
) -> int:
    """Record a comment (in any language) on a member's value, milestone, project or quarter; its id.

    Refused with PermissionDenied for a user who may not explain this member's figures, and with
    ExplanationRefused for an empty text, one over ``MAX_BODY`` characters, or a subject that is
    not the member's.
    """
    user.require(EXPLANATIONS, member_code)
    clean_body(body)
    parse_key(subject, subject_key)
    with write_connection(master) as con:
        return insert_comment(con, user, member_code, subject, subject_key, body)


# ---- reading ------------------------------------------------------------------------------------


def comments(reader: Reader, member_code: str, subject: str | None = None) -> pd.DataFrame:
    """A member's comments, the newest first: comment_id, subject, subject_key, body, recorded_at,
    recorded_by (only those on ``subject`` when given)."""
    return reader.df("reporting/comments", {"member": member_code, "subject": subject})


def described(frame: pd.DataFrame, reader: Reader, lang: str) -> pd.DataFrame:
    """``frame`` (with subject and subject_key columns) with an ``about`` column saying in ``lang``
    what each row is about: an indicator with its quarter and sex, a milestone's or a project's
    title, a quarter."""
    out = frame.copy()
    ids: dict[str, list[int]] = {"milestone": [], "project": []}
    for subject, key in zip(out["subject"], out["subject_key"], strict=True):
        if subject in ids and isinstance(key, str) and _ID.match(key):
            ids[subject].append(int(key))
    titles: dict[tuple[str, str], str] = {}
    if ids["milestone"] or ids["project"]:
        found = reader.df("reporting/subject_titles", {"milestones": ids["milestone"], "projects": ids["project"]})
        titles = {(r["subject"], r["subject_key"]): title(r, lang) for _, r in found.iterrows()}
    names = _indicator_names(reader, lang) if (out["subject"] == "value").any() else {}
    out["about"] = [
        about(lang, subject, key, names, titles)
        for subject, key in zip(out["subject"], out["subject_key"], strict=True)
    ]
    return out


def about(lang: str, subject: str, key: str, names: Mapping[str, str], titles: Mapping[tuple[str, str], str]) -> str:
    """What one subject is, in ``lang``: ``names`` maps indicator codes to names, ``titles``
    (subject, key) to milestone and project titles."""
    try:
        parts = parse_key(subject, key)
    except ExplanationRefused:
        return t(lang, "explanations.about.unknown")
    if subject == "value":
        indicator, period, sex = parts
        return t(lang, "explanations.about.value", indicator=names.get(indicator, indicator),
                 quarter=i18n.quarter(lang, period), sex=SEXES.label(lang, sex))  # fmt: skip
    if subject == "quarter":
        return t(lang, "explanations.about.quarter", quarter=i18n.quarter(lang, parts[0]))
    named = titles.get((subject, key))
    if named:
        return t(lang, f"explanations.about.{subject}", title=named)
    return t(lang, f"explanations.about.{subject}_number", n=parts[0])  # an id, not a quantity: no grouping


def title(row: Mapping[str, Any], lang: str) -> str:
    """A milestone's or a project's title from a row with ``title_ar``, ``title_fr``, ``title_en``:
    in ``lang``, else in another language; "" only when it has none (never None or nan)."""
    for code in (lang, "fr", "ar", "en"):
        value = row.get(f"title_{code}")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _indicator_names(reader: Reader, lang: str) -> dict[str, str]:
    frame = reader.df("choices/indicator_names")
    return {
        code: name if isinstance(name, str) and name else code
        for code, name in zip(frame["code"], frame[f"name_{lang}"], strict=True)
    }


def authors(reader: Reader, usernames: Iterable[str], lang: str) -> list[str]:
    """Who recorded each row, as shown: the user's display name, else their role, else the name
    recorded (the command line's operator)."""
    names = list(usernames)
    known = reader.df("reporting/comment_authors", {"names": sorted(set(names))}) if names else pd.DataFrame()
    shown: dict[str, str] = {}
    for _, row in known.iterrows():
        display = row["display_name"]
        shown[row["username"]] = (
            display.strip() if isinstance(display, str) and display.strip() else t(lang, f"role.{row['role']}")
        )
    return [shown.get(name, name) for name in names]


def comments_table(
    reader: Reader, member_code: str, lang: str, limit: int | None = None, width: int | None = None
) -> pd.DataFrame:
    """A member's comments as shown, the newest first (at most ``limit``; texts cut at ``width``
    characters when given): what it is about, the comment, who, when; headers in ``lang``."""
    frame = comments(reader, member_code)
    if limit is not None:
        frame = frame.head(limit)
    frame = described(frame, reader, lang)
    bodies = [_shortened(body, width) for body in frame["body"]]
    return pd.DataFrame(
        {
            t(lang, "explanations.col.about"): list(frame["about"]),
            t(lang, "explanations.col.comment"): bodies,
            t(lang, "explanations.col.by"): authors(reader, frame["recorded_by"], lang),
            t(lang, "explanations.col.on"): [_day(v) for v in frame["recorded_at"]],
        },
        dtype=object,
    )


def _shortened(text: str, width: int | None) -> str:
    if width is None or len(text) <= width:
        return text
    return text[: width - 1].rstrip() + "…"


def _day(value: Any) -> date | None:
    if value is None or value is pd.NaT:
        return None
    return value.date() if isinstance(value, datetime) else value


# ---- what a comment may be about, for the page's form -------------------------------------------


def subject_options(reader: Reader, member_code: str, lang: str, today: date) -> pd.DataFrame:
    """What a comment or a piece of evidence on the member may be about (subject, subject_key,
    about): its values of the latest quarters with values, its quarters up to ``today``'s, its
    projects and milestones (the latest plan first)."""
    period = periods.quarter_of(today)
    values = reader.df(
        "reporting/recent_values", {"member": member_code, "period": period, "quarters": RECENT_QUARTERS}
    )
    names = _indicator_names(reader, lang) if len(values) else {}
    rows: list[tuple[str, str, str]] = []
    for indicator, value_period, sex in values.itertuples(index=False):
        key = SEPARATOR.join((indicator, value_period, sex))
        rows.append(("value", key, about(lang, "value", key, names, {})))
    for shift in range(RECENT_QUARTERS):
        quarter = periods.shift_quarter(period, -shift)
        rows.append(("quarter", quarter, about(lang, "quarter", quarter, {}, {})))
    items = reader.df("reporting/explainable_items", {"member": member_code})
    for _, item in items.iterrows():
        titles = {(item["subject"], item["subject_key"]): title(item, lang)}
        rows.append(
            (item["subject"], item["subject_key"], about(lang, item["subject"], item["subject_key"], {}, titles))
        )
    return pd.DataFrame(rows, columns=["subject", "subject_key", "about"])
