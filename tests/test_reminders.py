"""Reminders to late members: messages in Arabic and French, mailto links, the zip of drafts, and
sending through a local SMTP server started by the test (aiosmtpd)."""

from __future__ import annotations

import csv
import email
import functools
import io
import shutil
import ssl
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from datetime import date
from email import policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pandas as pd
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from streamlit.testing.v1 import AppTest

from mel import i18n, mail, reminders, store
from mel.db import Reader
from mel.store import environment as store_env
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
PERIOD = "2026-Q3"
DEADLINE = date(2026, 10, 30)
SENDER = "REMACTO <suivi@remacto.example>"
SMTP_ENV = ("HOST", "PORT", "USER", "PASSWORD", "FROM", "STARTTLS")


def late_frame() -> pd.DataFrame:
    """Four late members as ``mel.reporting.late_reporters`` gives them: two with an address, one
    without (phone only), one whose address is malformed."""
    common = {"kind": "commune", "period": PERIOD, "deadline": DEADLINE, "status": "late"}
    rows = [
        {"member_code": "01.051.09.23", "name_fr": "Taghzout", "name_ar": "تاغزوت",
         "region_name_fr": "Tanger-Tétouan-Al Hoceima", "region_name_ar": "طنجة-تطوان-الحسيمة", "days_late": 27,
         "focal_point_fr": "Fatima Chraibi", "focal_point_ar": "فاطمة الشرايبي",
         "focal_point_email": "fatima.chraibi@taghzout.example", "focal_point_phone": "+212 638 81 44 93"},
        {"member_code": "02.113", "name_fr": "Berkane (conseil)", "name_ar": "مجلس إقليم بركان",
         "region_name_fr": "Oriental", "region_name_ar": "الشرق", "days_late": 3,
         "focal_point_fr": None, "focal_point_ar": None,
         "focal_point_email": "focal.02-113@berkane.example", "focal_point_phone": None},
        {"member_code": "06.467.07.27", "name_fr": "M'tal", "name_ar": "امطل",
         "region_name_fr": "Casablanca-Settat", "region_name_ar": "الدار البيضاء-سطات", "days_late": 1,
         "focal_point_fr": "Youssef Tazi", "focal_point_ar": "يوسف التازي",
         "focal_point_email": None, "focal_point_phone": "+212 649 88 37 84"},
        {"member_code": "04.281.01.01", "name_fr": "Kénitra", "name_ar": "القنيطرة",
         "region_name_fr": "Rabat-Salé-Kénitra", "region_name_ar": "الرباط-سلا-القنيطرة", "days_late": 12,
         "focal_point_fr": "Said Bachri", "focal_point_ar": "سعيد البشري",
         "focal_point_email": "not an address", "focal_point_phone": None},
    ]  # fmt: skip
    return pd.DataFrame([{**common, **row} for row in rows])


def row(code: str) -> dict[str, Any]:
    frame = late_frame()
    return frame[frame["member_code"] == code].iloc[0].to_dict()


def parsed(msg: EmailMessage) -> EmailMessage:
    """The message as a mail program reads it back from its bytes."""
    result = email.message_from_bytes(msg.as_bytes(), policy=policy.default)
    assert isinstance(result, EmailMessage)
    return result


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_message_headers_and_body(lang: str) -> None:
    member = row("01.051.09.23")
    got = parsed(reminders.message(member, lang, SENDER))
    name = member["name_ar"] if lang == "ar" else member["name_fr"]
    quarter = i18n.quarter(lang, PERIOD)
    assert got["Subject"] == i18n.t(lang, "reminders.mail.subject", member=name, quarter=quarter)
    assert got["To"].addresses[0].addr_spec == "fatima.chraibi@taghzout.example"
    focal = member["focal_point_ar"] if lang == "ar" else member["focal_point_fr"]
    assert got["To"].addresses[0].display_name == focal
    assert got["From"].addresses[0].addr_spec == "suivi@remacto.example"
    assert got["Content-Language"] == lang
    assert got["Message-ID"].endswith("@remacto.example>")
    assert parsedate_to_datetime(got["Date"]).tzinfo is not None
    assert got.get_content_charset() == "utf-8"
    text = got.get_content()
    assert name in text and focal in text and quarter in text
    assert i18n.day(lang, DEADLINE, "long") in text
    assert i18n.t(lang, "reminders.mail.days_late", days=i18n.number(lang, 27)) in text
    assert i18n.t(lang, "reminders.mail.step_submit") in text


def test_message_without_a_name_or_an_address() -> None:
    anonymous = parsed(reminders.message(row("02.113"), "fr", None, portal_url="https://mel.example/data"))
    assert i18n.t("fr", "reminders.mail.greeting_anonymous") in anonymous.get_content()
    assert "https://mel.example/data" in anonymous.get_content()
    assert anonymous["From"] is None
    assert anonymous["Message-ID"].endswith("@" + reminders.FALLBACK_DOMAIN + ">")
    unreachable = parsed(reminders.message(row("06.467.07.27"), "ar", SENDER))
    assert unreachable["To"] is None and "امطل" in unreachable.get_content()
    assert parsed(reminders.message(row("04.281.01.01"), "fr", SENDER))["To"] is None
    assert reminders.mailto(row("06.467.07.27"), "fr", SENDER) is None


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_mailto_round_trip(lang: str) -> None:
    member = row("01.051.09.23")
    link = reminders.mailto(member, lang, SENDER)
    assert link is not None and len(link) <= reminders.MAILTO_MAX
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and unquote(parts.path) == "fatima.chraibi@taghzout.example"
    query = parse_qs(parts.query, strict_parsing=True)
    assert query["subject"] == [parsed(reminders.message(member, lang, SENDER))["Subject"]]
    text = query["body"][0].replace("\r\n", "\n")
    assert text in (reminders.body(member, lang), reminders.body(member, lang, short=True))
    assert member["name_ar" if lang == "ar" else "name_fr"] in text


def test_long_mailto_is_shortened() -> None:
    member = row("01.051.09.23") | {"name_ar": "جماعة " * 40}
    link = reminders.mailto(member, "ar", SENDER)
    assert link is not None and len(link) <= reminders.MAILTO_MAX
    text = parse_qs(urlsplit(link).query)["body"][0].replace("\r\n", "\n")
    assert text.endswith("…") and reminders.body(member, "ar", short=True).startswith(text[:-1].rstrip())
    absurd = row("01.051.09.23") | {"name_ar": "جماعة " * 400}
    assert reminders.mailto(absurd, "ar", SENDER) == "mailto:fatima.chraibi@taghzout.example"


def test_zip_holds_a_draft_per_member_and_the_list() -> None:
    frame = late_frame()
    archive = zipfile.ZipFile(io.BytesIO(reminders.export_zip(frame, "ar", SENDER)))
    names = archive.namelist()
    assert names == [reminders.draft_name(r) for r in frame.to_dict("records")] + [reminders.CSV_NAME]
    assert names[:2] == ["01.051.09.23-Taghzout.eml", "02.113-Berkane-conseil.eml"]
    for name in names[:-1]:
        draft = email.message_from_bytes(archive.read(name), policy=policy.default)
        assert draft["X-Unsent"] == "1" and draft["Content-Language"] == "ar"
    raw = archive.read(reminders.CSV_NAME)
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(table) == len(frame)
    t = i18n.t
    first, _, unreachable, _ = table
    assert first[t("ar", "col.member")] == "تاغزوت" and first[t("ar", "col.region")] == "طنجة-تطوان-الحسيمة"
    assert first[t("ar", "col.due")] == i18n.day("ar", DEADLINE)
    assert first[t("ar", "col.days_late")] == "27" and first[t("ar", "col.phone")] == "+212 638 81 44 93"
    assert first[t("ar", "col.mailto")] == reminders.mailto(row("01.051.09.23"), "ar", None)
    assert first[t("ar", "col.draft_file")] == names[0]
    assert unreachable[t("ar", "col.email")] == t("ar", "reminders.no_address")
    assert unreachable[t("ar", "col.mailto")] == ""


# --- SMTP ------------------------------------------------------------------------------------------


class Collector:
    """An aiosmtpd handler keeping each message received; it refuses the recipients in ``refuse``."""

    def __init__(self, refuse: tuple[str, ...] = ()) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.refuse = refuse

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        self.received.append((list(envelope.rcpt_tos), msg))
        return "250 Message accepted for delivery"


def accept_test_user(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"mel", b"secret")
    return AuthResult(success=ok, handled=False)


@pytest.fixture()
def no_smtp_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No MEL_SMTP_* in the environment and no secrets file: each test sets its own."""
    for name in SMTP_ENV:
        monkeypatch.delenv(f"MEL_SMTP_{name}", raising=False)
    secrets = tmp_path / "secrets.toml"
    monkeypatch.setattr(store, "SECRETS", secrets)
    return secrets


def serving(monkeypatch: pytest.MonkeyPatch, tls: ssl.SSLContext | None) -> Iterator[Collector]:
    """A local SMTP server that refuses one address, named by the environment; with ``tls``, it
    requires STARTTLS before anything else, the sign-in included."""
    collector = Collector(refuse=("refused@berkane.example",))
    port = free_port()
    security: dict[str, Any] = {"tls_context": tls, "require_starttls": True} if tls else {"auth_require_tls": False}
    controller = Controller(collector, hostname="127.0.0.1", port=port, authenticator=accept_test_user, **security)
    controller.start()  # returns once the server answers
    named = {"HOST": "127.0.0.1", "PORT": str(port), "FROM": SENDER, "STARTTLS": "true" if tls else "false"}
    for name, value in named.items():
        monkeypatch.setenv(f"MEL_SMTP_{name}", value)
    try:
        yield collector
    finally:
        controller.stop()


@pytest.fixture()
def smtp_server(no_smtp_settings: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Collector]:
    """A local SMTP server without TLS (sending without signing in)."""
    yield from serving(monkeypatch, None)


@pytest.fixture()
def tls_smtp_server(no_smtp_settings: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Collector]:
    """A local SMTP server with STARTTLS, its certificate (made by openssl for 127.0.0.1) trusted
    by the client."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl makes the test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(cert, key)
    monkeypatch.setattr(ssl, "create_default_context", functools.partial(ssl.create_default_context, cafile=cert))
    yield from serving(monkeypatch, server_side)


def test_send_through_a_local_smtp_server(smtp_server: Collector) -> None:
    settings = mail.smtp_settings()
    assert settings is not None and not settings.starttls and settings.sender == SENDER
    frame = late_frame()
    report = mail.send(frame, "fr", settings)
    addressed = {"fatima.chraibi@taghzout.example": "01.051.09.23", "focal.02-113@berkane.example": "02.113"}
    assert sorted(report.sent) == sorted(addressed.values())
    assert report.skipped == ("06.467.07.27",)
    assert [code for code, _ in report.failed] == ["04.281.01.01"]
    assert "not an e-mail address" in report.failed[0][1]
    received = {tuple(to): msg for to, msg in smtp_server.received}
    assert len(smtp_server.received) == len(received) == len(addressed)
    for address, code in addressed.items():
        msg = received[(address,)]
        member = row(code)
        quarter = i18n.quarter("fr", PERIOD)
        assert msg["Subject"] == i18n.t("fr", "reminders.mail.subject", member=member["name_fr"], quarter=quarter)
        assert member["name_fr"] in msg.get_content()


def test_a_refused_address_fails_alone_and_login_is_used(
    tls_smtp_server: Collector, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEL_SMTP_USER", "mel")
    monkeypatch.setenv("MEL_SMTP_PASSWORD", "secret")
    settings = mail.smtp_settings()
    assert settings is not None and settings.user == "mel"
    frame = late_frame()
    frame.loc[frame["member_code"] == "02.113", "focal_point_email"] = "refused@berkane.example"
    report = mail.send(frame, "ar", settings)
    assert report.sent == ("01.051.09.23",)
    failed = dict(report.failed)
    assert "550" in failed["02.113"] and "refused@berkane.example" in failed["02.113"]
    assert [to for to, _ in tls_smtp_server.received] == [["fatima.chraibi@taghzout.example"]]
    monkeypatch.setenv("MEL_SMTP_PASSWORD", "wrong")
    wrong = mail.smtp_settings()
    assert wrong is not None
    refused = mail.send(late_frame(), "ar", wrong)
    assert not refused.sent and len(refused.failed) == 3 and "535" in dict(refused.failed)["01.051.09.23"]


def test_smtp_settings_from_secrets_and_environment(no_smtp_settings: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert mail.smtp_settings() is None
    no_smtp_settings.write_text(
        '[store]\nkind = "embedded"\n[smtp]\nhost = "smtp.example"\nport = 465\nuser = "mel@remacto.example"\n'
        "starttls = false\n"
    )
    settings = mail.smtp_settings()
    assert settings == mail.SmtpSettings("smtp.example", 465, "mel@remacto.example", None,
                                         "mel@remacto.example", False)  # fmt: skip
    monkeypatch.setenv("MEL_SMTP_HOST", "relay.example")
    monkeypatch.setenv("MEL_SMTP_PORT", "2525")
    monkeypatch.setenv("MEL_SMTP_STARTTLS", "yes")
    settings = mail.smtp_settings()
    assert settings is not None and (settings.host, settings.port, settings.starttls) == ("relay.example", 2525, True)
    for name, value, key in [("PORT", "smtp", "reminders.smtp.port"), ("STARTTLS", "maybe", "reminders.smtp.starttls")]:
        monkeypatch.setenv(f"MEL_SMTP_{name}", value)
        with pytest.raises(mail.SmtpMisconfigured) as refused:
            mail.smtp_settings()
        assert (refused.value.key, refused.value.fields) == (key, {"value": value})
        monkeypatch.setenv(f"MEL_SMTP_{name}", {"PORT": "2525", "STARTTLS": "yes"}[name])
    no_smtp_settings.write_text('[smtp]\nhost = "smtp.example"\nuser = "mel"\n')  # no sender's address
    monkeypatch.delenv("MEL_SMTP_HOST")
    with pytest.raises(mail.SmtpMisconfigured) as refused:
        mail.smtp_settings()
    assert refused.value.key == "reminders.smtp.sender"


@pytest.mark.parametrize("signing_in", [{"USER": "mel"}, {"PASSWORD": "secret"}, {"USER": "mel", "PASSWORD": "s"}])
def test_a_sign_in_without_tls_is_refused(
    no_smtp_settings: Path, monkeypatch: pytest.MonkeyPatch, signing_in: dict[str, str]
) -> None:
    named = {"HOST": "smtp.example", "PORT": "587", "FROM": SENDER, "STARTTLS": "false", **signing_in}
    for name, value in named.items():
        monkeypatch.setenv(f"MEL_SMTP_{name}", value)
    with pytest.raises(mail.SmtpMisconfigured) as refused:
        mail.smtp_settings()
    assert (refused.value.key, refused.value.fields) == ("reminders.smtp.clear_login", {"port": 587})
    assert "in clear" in str(refused.value)  # the command line's message, in English
    for lang in i18n.LANGUAGES:
        i18n.t(lang, refused.value.key, **refused.value.fields)
    with pytest.raises(mail.SmtpMisconfigured):
        mail.SmtpSettings("smtp.example", 25, "mel", "secret", SENDER, starttls=False)
    monkeypatch.setenv("MEL_SMTP_PORT", "465")  # implicit TLS
    assert mail.smtp_settings() is not None
    monkeypatch.setenv("MEL_SMTP_PORT", "587")
    monkeypatch.setenv("MEL_SMTP_STARTTLS", "true")
    assert mail.smtp_settings() is not None
    monkeypatch.delenv("MEL_SMTP_USER", raising=False)
    monkeypatch.delenv("MEL_SMTP_PASSWORD", raising=False)
    monkeypatch.setenv("MEL_SMTP_STARTTLS", "false")  # no sign-in: nothing secret to protect
    assert mail.smtp_settings() is not None


# --- On the demo database, the command line and the panel -----------------------------------------


def test_late_reporters_of_the_demo_database(reader: Reader) -> None:
    from mel.reporting import late_reporters

    frame = late_reporters(reader, "2026-Q2", date(2026, 9, 1))
    assert len(frame) > 0
    archive = zipfile.ZipFile(io.BytesIO(reminders.export_zip(frame, "fr", SENDER)))
    assert len(archive.namelist()) == len(frame) + 1
    for record in frame.to_dict("records"):
        draft = email.message_from_bytes(archive.read(reminders.draft_name(record)), policy=policy.default)
        assert record["name_fr"] in draft["Subject"]


def test_command_writes_the_drafts(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "reminders"
    done = subprocess.run(
        [sys.executable, "-m", "mel", "reminders", "--period", "2026-Q2", "--lang", "ar", "--out", str(out),
         "--today", "2026-09-01"],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (out / reminders.CSV_NAME).is_file() and list(out.glob("*.eml"))
    unconfigured = subprocess.run(
        [sys.executable, "-m", "mel", "reminders", "--period", "2026-Q2", "--send", "--today", "2026-09-01"],
        capture_output=True, text=True, check=False, cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **store_env(demo_db)},  # no SMTP setting, the database in its store
    )  # fmt: skip
    assert unconfigured.returncode == 2 and "MEL_SMTP_HOST" in unconfigured.stderr


def reminders_panel() -> None:
    """The panel on its own page, as an evaluator sees it."""
    from tests.test_reminders import late_frame
    from ui import reminders as reminders_ui

    reminders_ui.panel(late_frame(), "fr")


def test_panel_links_downloads_and_sends(smtp_server: Collector, monkeypatch: pytest.MonkeyPatch) -> None:
    from mel.auth import User

    monkeypatch.setattr("ui.signed_in_user", lambda: User("eva", "evaluator", None))
    at = AppTest.from_function(reminders_panel, default_timeout=30).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = "\n".join(m.value for m in at.markdown)
    assert shown.count("](mailto:") == 2 and i18n.t("fr", "reminders.no_address") in shown
    assert at.get("download_button")
    send = at.button(key="reminders_send_0")
    assert send.disabled
    at.checkbox(key="reminders_confirm_0").check().run()
    at.button(key="reminders_send_0").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(smtp_server.received) == 2
    report = i18n.t("fr", "reminders.report", sent="2", skipped="1", failed="1")  # the malformed address failed
    assert [w.value for w in at.warning] == [report]
    assert i18n.t("fr", "reminders.malformed", address="not an address") in at.markdown[-1].value
    assert not at.checkbox(key="reminders_confirm_1").value


def test_panel_says_why_the_settings_are_refused_in_the_users_language(
    no_smtp_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mel.auth import User

    for name, value in {"HOST": "smtp.example", "PORT": "2525", "FROM": SENDER, "STARTTLS": "off",
                        "USER": "mel", "PASSWORD": "secret"}.items():  # fmt: skip
        monkeypatch.setenv(f"MEL_SMTP_{name}", value)
    monkeypatch.setattr("ui.signed_in_user", lambda: User("eva", "evaluator", None))
    at = AppTest.from_function(reminders_panel, default_timeout=30).run()
    assert not at.exception, [e.value for e in at.exception]
    problem = i18n.t("fr", "reminders.smtp.clear_login", port="2525")
    assert [w.value for w in at.warning] == [i18n.t("fr", "reminders.smtp_misconfigured", problem=problem)]
    assert not at.button


def test_panel_is_for_evaluators_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ui.signed_in_user", lambda: None)
    at = AppTest.from_function(reminders_panel, default_timeout=30).run()
    assert not at.exception and not at.markdown and not at.get("download_button")
