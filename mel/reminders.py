"""Reminders to the focal points of members late with a quarter's values.

The late members come as a frame (``mel.reporting.late_reporters``): one row per member with its
names, region, period, deadline, days late and the focal point's names, e-mail and phone. From it:
one message per member in Arabic, French or English (``message``), a ``mailto:`` link
(``mailto``) and a zip of ``.eml`` drafts with a CSV list (``export_zip``, no mail server
needed). Sending the messages through an SMTP server is ``mel.mail``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from email.errors import HeaderParseError, MessageDefect
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, localtime, make_msgid, parseaddr
from pathlib import Path
from typing import Any, TypeAlias
from urllib.parse import quote

import pandas as pd

from mel import i18n
from mel.i18n import t

MAILTO_MAX = 2000  # characters: what browsers and mail programs reliably pass on
FALLBACK_DOMAIN = "remacto-mel.invalid"  # Message-ID domain when the sender has none (RFC 2606)
CSV_NAME = "late-reporters.csv"
_SPLIT_ADDRESSES = re.compile(r"[;,\s]+")

Row: TypeAlias = Mapping[str, Any] | pd.Series  # a frame row: a dict or a pandas Series


class _MessagePolicy(EmailPolicy):
    """The default policy, but the Subject is folded by ``email.header.Header``: the standard folder
    may put a space between two encoded-words, which readers drop (RFC 2047, 6.2), joining two
    words of an Arabic subject; and it may move a whole subject to a continuation line, which
    readers show with a leading space. Non-ASCII text is encoded whole, cut between characters."""

    def _encoded(self, name: str, value: str) -> str:
        header = Header(value, "us-ascii" if value.isascii() else "utf-8", header_name=name)
        return f"{name}: {header.encode(linesep=self.linesep, maxlinelen=self.max_line_length or 78)}"

    def fold(self, name: str, value: Any) -> str:
        """Fold a header for a text message (see the class)."""
        if name.lower() == "subject":
            return self._encoded(name, str(value)) + self.linesep
        return str(super().fold(name, value))

    def fold_binary(self, name: str, value: Any) -> bytes:
        """Fold a header for a binary message (see the class)."""
        if name.lower() == "subject":
            return (self._encoded(name, str(value)) + self.linesep).encode("ascii")
        return bytes(super().fold_binary(name, value))


MESSAGE_POLICY = _MessagePolicy()
EML_POLICY = MESSAGE_POLICY.clone(linesep="\r\n")  # files: CRLF, as on the wire


# --- One member's row ------------------------------------------------------------------------


def cell(value: Any) -> str | None:
    """A cell as stripped text; None when missing (None, NaN, NaT, empty)."""
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return None
    text = str(value).strip()
    return text or None


def _day(value: Any) -> date | None:
    """A deadline cell as a date (a date, a pandas Timestamp or ISO text)."""
    if cell(value) is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def name_in(row: Row, lang: str, stem: str) -> str | None:
    """A row's ``{stem}_ar`` or ``{stem}_fr`` for ``lang``, else the other one (better than none)."""
    first = i18n.name_column(lang, stem)
    other = f"{stem}_fr" if first.endswith("_ar") else f"{stem}_ar"
    return cell(row.get(first)) or cell(row.get(other))


def recipients(row: Row) -> list[str]:
    """The focal point's e-mail addresses (a cell may hold several, separated by ``,`` or ``;``),
    those that are well formed only."""
    raw = cell(row.get("focal_point_email")) or ""
    found = []
    for token in _SPLIT_ADDRESSES.split(raw):
        try:
            if token and Address(addr_spec=token).domain:
                found.append(token)
        except (MessageDefect, HeaderParseError, ValueError, IndexError):
            continue
    return found


def with_address(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows whose focal point has at least one well-formed e-mail address."""
    return frame[[bool(recipients(row)) for row in records(frame)]] if len(frame) else frame


def _message_domain(sender: str | None) -> str:
    domain = parseaddr(sender or "")[1].rpartition("@")[2].strip()
    return domain or FALLBACK_DOMAIN


def _parts(row: Row, lang: str, portal_url: str | None) -> dict[str, str]:
    """The message's texts from the catalogs: subject, greeting, paragraphs, full and short steps."""
    member = name_in(row, lang, "name") or str(row.get("member_code"))
    quarter = i18n.quarter(lang, str(row.get("period")))
    deadline = i18n.day(lang, _day(row.get("deadline")), "long")
    days = i18n.number(lang, int(row.get("days_late") or 0))
    name = name_in(row, lang, "focal_point")
    greeting = t(lang, "reminders.mail.greeting", name=name) if name else t(lang, "reminders.mail.greeting_anonymous")
    sign_in = (
        t(lang, "reminders.mail.step_sign_in_at", url=portal_url)
        if portal_url
        else t(lang, "reminders.mail.step_sign_in")
    )
    steps = [
        t(lang, "reminders.mail.steps_intro"),
        sign_in,
        t(lang, "reminders.mail.step_enter", quarter=quarter, member=member),
        t(lang, "reminders.mail.step_submit"),
    ]
    return {
        "subject": t(lang, "reminders.mail.subject", member=member, quarter=quarter),
        "greeting": greeting,
        "due": t(lang, "reminders.mail.due", member=member, quarter=quarter, deadline=deadline)
        + "\n" + t(lang, "reminders.mail.days_late", days=days),
        "steps": "\n".join(steps),
        "short_steps": t(lang, "reminders.mail.short_steps", quarter=quarter),
        "after": t(lang, "reminders.mail.already_sent"),
        "closing": t(lang, "reminders.mail.closing") + "\n" + t(lang, "app.title"),
    }  # fmt: skip


def body(row: Row, lang: str, portal_url: str | None = None, short: bool = False) -> str:
    """The message's plain text: greeting, what is late and by how much, what to do, closing;
    ``short`` keeps the greeting, what is late and a one-sentence what to do (for links)."""
    parts = _parts(row, lang, portal_url)
    keys = ("greeting", "due", "short_steps") if short else ("greeting", "due", "steps", "after", "closing")
    return "\n\n".join(parts[key] for key in keys) + "\n"


def message(row: Row, lang: str, sender: str | None, portal_url: str | None = None) -> EmailMessage:
    """The reminder to one member's focal point, in ``lang`` (ar, fr or en), plain UTF-8 text.

    To is the focal point's e-mail (absent when there is none or it is malformed); From is
    ``sender`` when given (a draft without one takes the mail program's account). ``portal_url``
    is the dashboard's page to sign in on, named in the steps when given.
    """
    msg = EmailMessage(policy=MESSAGE_POLICY)
    parts = _parts(row, lang, portal_url)
    if sender:
        msg["From"] = sender
    addresses = recipients(row)
    if addresses:
        name = name_in(row, lang, "focal_point") if len(addresses) == 1 else None
        msg["To"] = [Address(display_name=name or "", addr_spec=a) for a in addresses]
    msg["Subject"] = parts["subject"]
    msg["Date"] = format_datetime(localtime())
    member_code = re.sub(r"[^A-Za-z0-9.-]", "", str(row.get("member_code")))
    msg["Message-ID"] = make_msgid(f"reminder.{member_code}", domain=_message_domain(sender))
    # Arabic text is shorter in base64; French and English stay readable as quoted-printable.
    msg.set_content(body(row, lang, portal_url), charset="utf-8", cte="base64" if lang == "ar" else "quoted-printable")
    msg["Content-Language"] = lang  # after set_content, which replaces every Content-* header
    return msg


def mailto(row: Row, lang: str, sender: str | None = None, portal_url: str | None = None) -> str | None:
    """A ``mailto:`` link to the focal point with the subject and body filled in (RFC 6068), at
    most ``MAILTO_MAX`` characters (the body shortened, then cut, when needed); None without an
    e-mail address. ``sender`` is not part of a link: the mail program sends from its account."""
    addresses = recipients(row)
    if not addresses:
        return None
    bare = "mailto:" + ",".join(quote(a, safe="@") for a in addresses)
    head = bare + "?subject=" + quote(_parts(row, lang, portal_url)["subject"], safe="")

    def link(text: str) -> str:
        return head + "&body=" + quote(text.replace("\n", "\r\n"), safe="")

    for candidate in (body(row, lang, portal_url), body(row, lang, portal_url, short=True)):
        if len(link(candidate)) <= MAILTO_MAX:
            return link(candidate)
    shortest = body(row, lang, portal_url, short=True)
    low, high = 0, len(shortest)  # the longest prefix that fits, ended with an ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if len(link(shortest[:middle].rstrip() + "…")) <= MAILTO_MAX:
            low = middle
        else:
            high = middle - 1
    if low:
        return link(shortest[:low].rstrip() + "…")
    return head if len(head) <= MAILTO_MAX else bare


# --- Export: .eml drafts and a list ------------------------------------------------------------


def _safe_name(text: str | None) -> str:
    """ASCII letters, digits and dashes: file names that open on every system and zip tool."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")[:60]


def draft_name(row: Row) -> str:
    """The ``.eml`` file of a member: its code and its French name (ASCII) when it has one."""
    code = re.sub(r"[^A-Za-z0-9.]+", "-", str(row.get("member_code"))).strip("-.")
    name = _safe_name(cell(row.get("name_fr")))
    return f"{code}-{name}.eml" if name else f"{code}.eml"


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as dicts with text keys, in order."""
    return [{str(k): v for k, v in record.items()} for record in frame.to_dict("records")]


def _csv(frame: pd.DataFrame, lang: str, portal_url: str | None) -> bytes:
    """The list of late members, headers in ``lang``, UTF-8 with a BOM so Excel reads Arabic."""
    headers = [
        "col.code", "col.member", "col.region", "col.period", "col.due", "col.days_late",
        "col.focal_point", "col.email", "col.phone", "col.mailto", "col.draft_file",
    ]  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([t(lang, key) for key in headers])
    for row in records(frame):
        writer.writerow(
            [
                row.get("member_code"),
                name_in(row, lang, "name") or "",
                name_in(row, lang, "region_name") or "",
                i18n.quarter(lang, str(row.get("period"))),
                i18n.day(lang, _day(row.get("deadline"))),
                int(row.get("days_late") or 0),
                name_in(row, lang, "focal_point") or "",
                cell(row.get("focal_point_email")) or t(lang, "reminders.no_address"),
                cell(row.get("focal_point_phone")) or "",
                mailto(row, lang, None, portal_url) or "",
                draft_name(row),
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def _export_files(
    frame: pd.DataFrame, lang: str, sender: str | None, portal_url: str | None
) -> Iterator[tuple[str, bytes]]:
    for row in records(frame):
        draft = message(row, lang, sender, portal_url)
        draft["X-Unsent"] = "1"  # mail programs open the file as a draft to send, not a received mail
        yield draft_name(row), draft.as_bytes(policy=EML_POLICY)
    yield CSV_NAME, _csv(frame, lang, portal_url)


def export_zip(frame: pd.DataFrame, lang: str, sender: str | None, portal_url: str | None = None) -> bytes:
    """A zip of one ``.eml`` draft per late member and ``late-reporters.csv`` (the list with each
    member's region, deadline, days late, focal point, e-mail, phone and ``mailto:`` link)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _export_files(frame, lang, sender, portal_url):
            archive.writestr(name, data)
    return buffer.getvalue()


def write_files(
    frame: pd.DataFrame, lang: str, sender: str | None, folder: Path, portal_url: str | None = None
) -> list[Path]:
    """The zip's files written into ``folder`` (created if needed); their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in _export_files(frame, lang, sender, portal_url):
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written
