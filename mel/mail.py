"""Sending messages through the network's SMTP server.

The server is named by the settings (``smtp_settings``: ``MEL_SMTP_*`` in the environment, or the
``[smtp]`` section of ``.streamlit/secrets.toml``); ``send`` sends the reminders of
``mel.reminders`` to the late members' focal points, one member at a time, and reports what was
sent, skipped and failed. Without a server, sending is off and the drafts of ``mel.reminders``
remain (``default_sender`` names their sender).
"""

from __future__ import annotations

import os
import smtplib
import ssl
import tomllib
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from mel import i18n, store
from mel.reminders import cell, message, recipients, records

SMTP_TIMEOUT = 30  # seconds per connection and command


class SmtpMisconfigured(ValueError):
    """The SMTP settings name a server but are incomplete, wrong or unsafe; ``key`` and ``fields``
    say why in the catalog's words (the message is the English text, for the command line)."""

    def __init__(self, key: str, **fields: Any) -> None:
        super().__init__(i18n.t("en", key, **fields))
        self.key = key
        self.fields = fields


@dataclass(frozen=True)
class SmtpSettings:
    """An SMTP server to send through: implicit TLS on port 465, else STARTTLS when ``starttls``.
    A user or a password with neither (STARTTLS off on a port other than 465) is refused
    (SmtpMisconfigured): the sign-in would cross the network in clear."""

    host: str
    port: int = 587
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str = ""
    starttls: bool = True

    def __post_init__(self) -> None:
        if (self.user or self.password) and not self.encrypted:
            raise SmtpMisconfigured("reminders.smtp.clear_login", port=self.port)

    @property
    def encrypted(self) -> bool:
        """Whether the connection is encrypted before anything is sent: port 465, or STARTTLS."""
        return self.port == 465 or self.starttls


@dataclass(frozen=True)
class SendReport:
    """What ``send`` did, by member code: sent, skipped (no e-mail address), failed (with the error)."""

    sent: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()


# --- Settings ----------------------------------------------------------------------------------


def _secrets() -> dict[str, str]:
    """The ``[smtp]`` section of ``.streamlit/secrets.toml``, as the store's settings are read."""
    try:
        with store.SECRETS.open("rb") as handle:
            section = tomllib.load(handle).get("smtp", {})
    except FileNotFoundError:
        return {}
    return {str(k): str(v) for k, v in section.items()}


def _flag(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise SmtpMisconfigured("reminders.smtp.starttls", value=text)


def smtp_settings() -> SmtpSettings | None:
    """The SMTP server the settings name, or None when none is (sending is then off).

    ``MEL_SMTP_HOST``, ``MEL_SMTP_PORT`` (587), ``MEL_SMTP_USER``, ``MEL_SMTP_PASSWORD``,
    ``MEL_SMTP_FROM`` (else the user when it is an address) and ``MEL_SMTP_STARTTLS`` ("true"),
    or ``host``, ``port``, ``user``, ``password``, ``from``, ``starttls`` in the ``[smtp]`` section
    of ``.streamlit/secrets.toml``; the environment wins. Raises SmtpMisconfigured when a host is
    named but the rest is wrong, or when a user or a password would be sent without TLS (STARTTLS
    off on a port other than 465).
    """
    secrets = _secrets()

    def setting(name: str) -> str | None:
        return os.environ.get(f"MEL_SMTP_{name.upper()}") or secrets.get(name) or None

    host = setting("host")
    if not host:
        return None
    port_text = setting("port") or "587"
    if not port_text.isdigit():
        raise SmtpMisconfigured("reminders.smtp.port", value=port_text)
    user = setting("user")
    sender = setting("from") or (user if user and "@" in user else None)
    if not sender:
        raise SmtpMisconfigured("reminders.smtp.sender")
    starttls = _flag(setting("starttls") or "true")
    return SmtpSettings(host, int(port_text), user, setting("password"), sender, starttls)


def default_sender() -> str | None:
    """The sender the settings name (``MEL_SMTP_FROM`` or ``from`` in ``[smtp]``), for drafts."""
    return os.environ.get("MEL_SMTP_FROM") or _secrets().get("from") or None


# --- Sending -----------------------------------------------------------------------------------


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    server: smtplib.SMTP
    if settings.port == 465:
        server = smtplib.SMTP_SSL(settings.host, settings.port, timeout=SMTP_TIMEOUT, context=context)
    else:
        server = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT)
        if settings.starttls:
            server.starttls(context=context)
    if settings.user:
        server.login(settings.user, settings.password or "")
    return server


def send(frame: pd.DataFrame, lang: str, settings: SmtpSettings, portal_url: str | None = None) -> SendReport:
    """Send one reminder per late member with an e-mail address through ``settings``' server.

    Never raises for one member: a member without an address is skipped; a malformed address or a
    refused recipient fails alone, with the error text. A lost connection is opened again for the
    next member; when the server cannot be reached or refuses the sign-in, every member still to
    send fails with that error (one attempt, not one per member: a server may lock the account).
    """
    sent: list[str] = []
    skipped: list[str] = []
    failed: list[tuple[str, str]] = []
    server: smtplib.SMTP | None = None
    unreachable: str | None = None
    try:
        for row in records(frame):
            code = str(row.get("member_code"))
            raw = cell(row.get("focal_point_email"))
            if raw is None:
                skipped.append(code)
            elif not recipients(row):
                failed.append((code, f"not an e-mail address: {raw}"))
            elif unreachable is not None:
                failed.append((code, unreachable))
            else:
                if server is None:
                    try:
                        server = _connect(settings)
                    except (smtplib.SMTPException, OSError) as exc:
                        unreachable = _error_text(exc)
                        failed.append((code, unreachable))
                        continue
                try:
                    server.send_message(message(row, lang, settings.sender, portal_url))
                    sent.append(code)
                except (smtplib.SMTPException, OSError, ValueError) as exc:
                    failed.append((code, _error_text(exc)))
                    if isinstance(exc, (smtplib.SMTPServerDisconnected, OSError)):
                        _close(server)
                        server = None
    finally:
        _close(server)
    return SendReport(tuple(sent), tuple(skipped), tuple(failed))


def _error_text(exc: Exception) -> str:
    """An SMTP error as one line: the server's code and reply, or the exception's message."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = exc.recipients.items()
        return "; ".join(f"{address}: {code} {reply.decode(errors='replace')}" for address, (code, reply) in replies)
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = exc.smtp_error
        return f"{exc.smtp_code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
    return str(exc) or type(exc).__name__


def _close(server: smtplib.SMTP | None) -> None:
    if server is None:
        return
    try:
        server.quit()
    except (smtplib.SMTPException, OSError):
        server.close()
