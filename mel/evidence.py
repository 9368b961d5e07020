"""Evidence behind a member's values, milestones, projects and quarters: files and links.

A file is at most ``MAX_BYTES``; its type is read from its content (``filetype``), never from its
name, and the name's extension must agree with it: PDF, PNG, JPEG, GIF and WebP images, XLSX,
XLS and ODS spreadsheets, and CSV (which has no signature: a ``.csv`` name and UTF-8 text,
whatever its first bytes resemble). A refused file leaves nothing behind. An accepted one is
stored beside the database, in ``evidence/``, under the SHA-256 of its content (the same content
is stored once), and a row of ``core.evidence`` names it. A link is an http(s) address. Subjects, their keys and who may
write are those of comments (``mel.explanations``).
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import filetype
import pandas as pd

from mel import i18n, sql
from mel.auth import EXPLANATIONS, User, recheck
from mel.db import Reader, next_id, write_connection
from mel.explanations import ExplanationRefused, authors, check_subject, described, parse_key
from mel.i18n import t
from mel.paths import db_path

MAX_BYTES = 10 * 1024 * 1024
MAX_LINK = 2000  # characters of a link
MAX_NAME = 200  # characters of a file's name, as kept
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class EvidenceRefused(ExplanationRefused):
    """A file or link that cannot be recorded; ``key`` and ``fields`` say why in the catalog's words."""


@dataclass(frozen=True)
class FileKind:
    """An accepted type of file: what it is (``kind``: a catalog label), its media type, the
    extensions a name of it may end with."""

    kind: str
    media_type: str
    extensions: tuple[str, ...]


_SHEET = "spreadsheet"
# filetype's name of each accepted type -> the type as stored. An animated PNG is a PNG.
KINDS: dict[str, FileKind] = {
    "pdf": FileKind("pdf", "application/pdf", (".pdf",)),
    "png": FileKind("image", "image/png", (".png",)),
    "apng": FileKind("image", "image/png", (".png",)),
    "jpg": FileKind("image", "image/jpeg", (".jpg", ".jpeg")),
    "gif": FileKind("image", "image/gif", (".gif",)),
    "webp": FileKind("image", "image/webp", (".webp",)),
    "xlsx": FileKind(_SHEET, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "xls": FileKind(_SHEET, "application/vnd.ms-excel", (".xls",)),
    "ods": FileKind(_SHEET, "application/vnd.oasis.opendocument.spreadsheet", (".ods",)),
}
CSV = FileKind("csv", "text/csv", (".csv",))
# The extensions accepted, without their dot (for a file picker).
ACCEPTED_EXTENSIONS = tuple(sorted({e.lstrip(".") for kind in (*KINDS.values(), CSV) for e in kind.extensions}))


# ---- files --------------------------------------------------------------------------------------


def evidence_dir(master: Path | None = None) -> Path:
    """Where evidence files are stored: ``evidence/`` beside the database."""
    return Path(master or db_path()).parent / "evidence"


def clean_name(file_name: str) -> str:
    """The name kept for a file: its last path component, without control characters, at most
    ``MAX_NAME`` characters (its extension kept)."""
    name = PurePosixPath(str(file_name or "").replace("\\", "/")).name
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    if len(name) > MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        name = (
            stem[: MAX_NAME - len(extension) - 1] + dot + extension if dot and len(extension) < 10 else name[:MAX_NAME]
        )
    return name


def _accepted_list() -> str:
    return ", ".join(e.upper() for e in ACCEPTED_EXTENSIONS)


def file_kind(file_name: str, data: bytes) -> FileKind:
    """The accepted type of a file from its content, agreeing with its name's extension;
    EvidenceRefused (too large, empty, a type not accepted, content not matching the name)."""
    name = clean_name(file_name)
    if len(data) > MAX_BYTES:
        raise EvidenceRefused(
            f"{name} has {len(data)} bytes, more than {MAX_BYTES}", "evidence.error.too_large",
            name=name, size=math.ceil(len(data) * 10 / 2**20) / 10, limit=MAX_BYTES // 2**20,
        )  # fmt: skip
    if not data:
        raise EvidenceRefused(f"{name} is empty", "evidence.error.empty", name=name)
    extension = PurePosixPath(name.lower()).suffix
    guessed = filetype.guess(data)
    found = KINDS.get(guessed.extension) if guessed is not None else None
    if found is not None and extension in found.extensions:
        return found
    if extension in CSV.extensions and _is_text(data):  # text may begin like a signature: "BM", "MZ", "ID3"
        return CSV
    if found is not None and guessed is not None:  # an accepted type under another type's name
        raise EvidenceRefused(
            f"{name} holds a {guessed.extension} file", "evidence.error.mismatch",
            name=name, found=guessed.extension.upper(),
        )  # fmt: skip
    if extension in {e for kind in (*KINDS.values(), CSV) for e in kind.extensions}:
        raise EvidenceRefused(
            f"{name} is not a {extension} file", "evidence.error.not_what_named", name=name, named=extension[1:].upper()
        )  # the name promises a type its content is not
    raise EvidenceRefused(f"{name}: type not accepted", "evidence.error.type", name=name, accepted=_accepted_list())


def _is_text(data: bytes) -> bool:
    """UTF-8 text (a byte-order mark allowed) without NUL bytes."""
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def store_file(master: Path | None, data: bytes) -> str:
    """Store ``data`` under its SHA-256 in ``evidence_dir(master)``; the hash. Written to a temporary
    name and renamed, so a crash leaves no half file; content already there is not written again."""
    digest = hashlib.sha256(data).hexdigest()
    folder = evidence_dir(master)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / digest
    if target.is_file():
        return digest
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".incoming-")  # mode 0600
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest


def is_stored(master: Path | None, sha256: str) -> bool:
    """Whether a file of this SHA-256 is stored (on this server: files live beside the database)."""
    return isinstance(sha256, str) and bool(_SHA256.match(sha256)) and (evidence_dir(master) / sha256).is_file()


def file_bytes(master: Path | None, sha256: str) -> bytes:
    """A stored file's content by its SHA-256 (64 hexadecimal digits, checked before any file is
    opened); FileNotFoundError when it is not stored."""
    if not isinstance(sha256, str) or not _SHA256.match(sha256):
        raise ValueError(f"not a SHA-256: {sha256!r}")
    return (evidence_dir(master) / sha256).read_bytes()


# ---- writing ------------------------------------------------------------------------------------


def attach_file(
    user: User, member_code: str, subject: str, subject_key: str, file_name: str, data: bytes,
    master: Path | None = None,
) -> int:  # fmt: skip
    """Attach a file as evidence on a member's value, milestone, project or quarter; its id.

    Everything is checked before anything is written (size, type by content, name, permission,
    subject): a refused file leaves neither a row nor a file. The file is stored inside the write,
    just before its row; should the row then fail, the file stays, unnamed by any row: harmless,
    since it is stored under its content's hash and the same upload stores it at the same place.
    """
    user.require(EXPLANATIONS, member_code)
    name = clean_name(file_name)
    kind = file_kind(name, data)
    _subject(subject, subject_key)
    master = Path(master or db_path())
    with write_connection(master) as con:
        user = recheck(con, user)  # the account as it is now
        user.require(EXPLANATIONS, member_code)
        _subject(subject, subject_key, con, member_code)
        digest = store_file(master, data)
        evidence_id = next_id(con, "reporting/evidence_write:next_evidence_id")
        con.execute(
            sql.load("reporting/evidence_write:insert_evidence"),
            {"id": evidence_id, "member": member_code, "subject": subject, "subject_key": subject_key,
             "sha256": digest, "file_name": name, "media_type": kind.media_type, "size_bytes": len(data),
             "link": None, "at": datetime.now(), "by": user.username},
        )  # fmt: skip
    return evidence_id


def clean_link(url: str) -> str:
    """An http(s) address of at most ``MAX_LINK`` characters, stripped; EvidenceRefused otherwise."""
    text = (url or "").strip()
    if len(text) > MAX_LINK:
        raise EvidenceRefused(f"the link has {len(text)} characters", "evidence.error.link_too_long", n=MAX_LINK)
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        host = None
    if (
        not host
        or parts.scheme.lower() not in ("http", "https")
        or any(c.isspace() or unicodedata.category(c)[0] == "C" for c in text)
    ):
        raise EvidenceRefused(f"not a web address: {text[:80]!r}", "evidence.error.link")
    return text


def attach_link(
    user: User, member_code: str, subject: str, subject_key: str, url: str, master: Path | None = None
) -> int:
    """Attach a web address (http or https) as evidence on a member's value, milestone, project or
    quarter; its id."""
    user.require(EXPLANATIONS, member_code)
    link = clean_link(url)
    _subject(subject, subject_key)
    with write_connection(master) as con:
        user = recheck(con, user)
        user.require(EXPLANATIONS, member_code)
        _subject(subject, subject_key, con, member_code)
        evidence_id = next_id(con, "reporting/evidence_write:next_evidence_id")
        con.execute(
            sql.load("reporting/evidence_write:insert_evidence"),
            {"id": evidence_id, "member": member_code, "subject": subject, "subject_key": subject_key,
             "sha256": None, "file_name": None, "media_type": None, "size_bytes": None, "link": link,
             "at": datetime.now(), "by": user.username},
        )  # fmt: skip
    return evidence_id


def _subject(subject: str, subject_key: str, con: Any = None, member_code: str = "") -> None:
    """The subject's key is well formed (and, given a write connection, the member's own); the
    refusal as EvidenceRefused."""
    try:
        if con is None:
            parse_key(subject, subject_key)
        else:
            check_subject(con, member_code, subject, subject_key)
    except EvidenceRefused:
        raise
    except ExplanationRefused as refused:
        raise EvidenceRefused(str(refused), refused.key, **refused.fields) from None


# ---- reading ------------------------------------------------------------------------------------


def evidence(reader: Reader, member_code: str, subject: str | None = None) -> pd.DataFrame:
    """A member's evidence, the newest first: evidence_id, subject, subject_key, file_name,
    media_type, size_bytes, sha256, link (a file has no link, a link no file), recorded_at,
    recorded_by (only that on ``subject`` when given)."""
    return reader.df("reporting/evidence", {"member": member_code, "subject": subject})


def kind_of(media_type: str | None) -> str:
    """What a stored piece of evidence is (``pdf``, ``image``, ``spreadsheet``, ``csv``), or ``link``."""
    for kind in (*KINDS.values(), CSV):
        if kind.media_type == media_type:
            return kind.kind
    return "link"


def size_text(lang: str, size: Any) -> str | None:
    """A file's size in the language (kB under a megabyte, MB above); None for a link."""
    if size is None or pd.isna(size):
        return None
    if size < 2**20:
        return t(lang, "evidence.size_kb", n=i18n.number(lang, max(1, round(size / 1024))))
    return t(lang, "evidence.size_mb", n=i18n.decimal(lang, round(size / 2**20, 1)))


def evidence_table(reader: Reader, member_code: str, lang: str) -> pd.DataFrame:
    """A member's evidence as shown, the newest first: the file's name or the link, what it is
    about, its kind, its size, who, when (headers in ``lang``); and ``url``, the link to open
    from the first cell (None for a file)."""
    frame = described(evidence(reader, member_code), reader, lang)
    links = [link if isinstance(link, str) else None for link in frame["link"]]
    names = [link if link is not None else name for link, name in zip(links, frame["file_name"], strict=True)]
    return pd.DataFrame(
        {
            t(lang, "explanations.col.evidence"): [_shortened_link(n) for n in names],
            t(lang, "explanations.col.about"): list(frame["about"]),
            t(lang, "explanations.col.kind"): [t(lang, f"evidence.kind.{kind_of(m)}") for m in frame["media_type"]],
            t(lang, "explanations.col.size"): [size_text(lang, s) for s in frame["size_bytes"]],
            t(lang, "explanations.col.by"): authors(reader, frame["recorded_by"], lang),
            t(lang, "explanations.col.on"): [v.date() for v in frame["recorded_at"]],
            "url": links,
        },
        dtype=object,
    )


def _shortened_link(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
