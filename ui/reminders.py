"""Reminders to late members' focal points (``mel.reminders``, ``mel.mail``): drafts, links and sending.

For evaluators and administrators only: it shows the focal points' e-mail addresses and phones.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import ui
from mel import evaluation, i18n, mail, reminders
from mel.i18n import t

MESSAGE_LANGUAGES = ("ar", "fr")
_ROUND = "reminders_round"  # bumped after each sending: a fresh, unticked confirmation
_REPORT = "reminders_report"


def _portal() -> str | None:
    """The Data page's address, named in the messages as where to sign in; None when unknown."""
    base = ui.public_base("data")
    return f"{base}/data" if base.startswith(("http://", "https://")) else None


def _line(row: dict[str, Any], lang: str, message_lang: str, sender: str | None, portal: str | None) -> str:
    """One member: name, region, days late, focal point, an e-mail link (or "no address"), phone."""
    link = reminders.mailto(row, message_lang, sender, portal)
    contact = [f"[{t(lang, 'reminders.write')}]({link})" if link else _no_link(row, lang)]
    phone = reminders.cell(row.get("focal_point_phone"))
    if phone:
        contact.append(ui.literal(phone))
    return "- " + t(
        lang,
        "reminders.line",
        member=ui.literal(reminders.name_in(row, lang, "name") or str(row["member_code"])),
        region=ui.literal(reminders.name_in(row, lang, "region_name") or "–"),
        days=i18n.number(lang, int(row.get("days_late") or 0)),
        focal_point=ui.literal(reminders.name_in(row, lang, "focal_point") or t(lang, "reminders.no_name")),
        contact=" · ".join(contact),
    )


def _no_link(row: dict[str, Any], lang: str) -> str:
    """Why a member has no e-mail link: no address, or one that is not an address (shown)."""
    raw = reminders.cell(row.get("focal_point_email"))
    return t(lang, "reminders.malformed", address=ui.literal(raw)) if raw else t(lang, "reminders.no_address")


def _show_report(report: mail.SendReport, frame: pd.DataFrame, lang: str) -> None:
    """Counts sent, skipped and failed, then each failure: the server's reply, or a bad address."""
    n = len(report.sent), len(report.skipped), len(report.failed)
    text = t(lang, "reminders.report", sent=i18n.number(lang, n[0]), skipped=i18n.number(lang, n[1]),
             failed=i18n.number(lang, n[2]))  # fmt: skip
    (st.warning if report.failed else st.success)(text)
    rows = {str(r["member_code"]): r for r in frame.to_dict("records")}
    lines = []
    for code, error in report.failed:
        row = rows.get(code, {"member_code": code})
        shown = ui.literal(error) if reminders.recipients(row) else _no_link(row, lang)
        name = reminders.name_in(row, lang, "name") or code
        lines.append("- " + t(lang, "reminders.failed_line", member=ui.literal(name), error=shown))
    if lines:
        failures = "\n".join(lines)
        st.markdown(failures)


def panel(frame: pd.DataFrame, lang: str) -> None:
    """Reminders to the members of ``frame`` (``mel.reporting.late_reporters``): the messages'
    language, a zip of ``.eml`` drafts with the list, a ``mailto:`` link per member and, when an
    SMTP server is configured, sending after a confirmation, with what was sent, skipped, failed.
    Shows nothing unless an evaluator or an administrator is signed in."""
    user = ui.signed_in_user()
    if user is None or user.role not in evaluation.CONTACT_ROLES:
        return
    st.subheader(t(lang, "reminders.title"))
    if frame.empty:
        st.info(t(lang, "reminders.none"))
        return
    st.caption(t(lang, "reminders.help"))
    message_lang = st.radio(
        t(lang, "reminders.language"), MESSAGE_LANGUAGES, index=MESSAGE_LANGUAGES.index(lang if lang == "ar" else "fr"),
        format_func=lambda code: t(code, "language.name"), horizontal=True, key="reminders_lang",
    )  # fmt: skip
    period = str(frame["period"].iloc[0])
    rows = frame.to_dict("records")
    addressed = reminders.with_address(frame)
    sender, portal = mail.default_sender(), _portal()
    st.caption(t(lang, "reminders.count", n=i18n.number(lang, len(frame)),
                 without=i18n.number(lang, len(frame) - len(addressed))))  # fmt: skip
    st.download_button(
        t(lang, "reminders.download"),
        data=lambda: reminders.export_zip(frame, message_lang, sender, portal),
        file_name=f"reminders-{period}-{message_lang}.zip",
        mime="application/zip",
        icon=":material/download:",
        key="reminders_zip",
    )
    members = "\n".join(_line(row, lang, message_lang, sender, portal) for row in rows)
    st.markdown(members)
    _sending(frame, lang, message_lang, len(addressed), portal)


def _sending(frame: pd.DataFrame, lang: str, message_lang: str, count: int, portal: str | None) -> None:
    """The send button, only when SMTP is configured and someone has an address, with its report."""
    try:
        settings = mail.smtp_settings()
    except mail.SmtpMisconfigured as exc:
        problem = t(lang, exc.key, **{name: ui.literal(str(value)) for name, value in exc.fields.items()})
        st.warning(t(lang, "reminders.smtp_misconfigured", problem=problem))
        return
    if settings is None:
        st.caption(t(lang, "reminders.smtp_off"))
        return
    if count:
        round_ = st.session_state.get(_ROUND, 0)
        confirmed = st.checkbox(
            t(lang, "reminders.confirm", n=count, sender=ui.literal(settings.sender)),
            key=f"reminders_confirm_{round_}",
        )
        clicked = st.button(
            t(lang, "reminders.send", n=count), disabled=not confirmed, type="primary",
            icon=":material/send:", key=f"reminders_send_{round_}",
        )  # fmt: skip
        if clicked and confirmed:
            with st.spinner(t(lang, "reminders.sending")):
                report = mail.send(frame, message_lang, settings, portal)
                st.session_state[_REPORT] = (str(frame["period"].iloc[0]), report)
            st.session_state[_ROUND] = round_ + 1  # the next run asks for a new confirmation
            st.rerun()
    period, report = st.session_state.get(_REPORT, (None, None))
    if isinstance(report, mail.SendReport) and period == str(frame["period"].iloc[0]):
        _show_report(report, frame, lang)
