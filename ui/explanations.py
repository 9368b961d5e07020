"""A member's comments and evidence on its page, and the form that adds them (``mel.explanations``,
``mel.evidence``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

import ui
from mel import evidence, explanations, i18n
from mel.i18n import t
from mel.paths import db_path

_SAVED = "_explanations_saved"  # the catalog key of what the last write saved, said after the rerun
MB = evidence.MAX_BYTES // 2**20


def section(member_code: str, lang: str, today: date) -> None:
    """The member page's section: its comments and evidence, and, for a signed-in user who may
    explain the member's figures, the form that adds them."""
    from mel.auth import EXPLANATIONS

    st.header(t(lang, "explanations.title"))
    st.caption(t(lang, "explanations.help"))
    show(member_code, lang)
    if ui.read_only():  # a past day: nothing is written
        st.caption(t(lang, "asof.writes_off"))
        return
    user = ui.signed_in_user()
    if user is None or not user.can(EXPLANATIONS, member_code):
        st.caption(t(lang, "explanations.sign_in"))
        return
    with st.expander(t(lang, "explanations.add_title"), expanded=_SAVED in st.session_state):
        # Every value, drafts included: those are the ones a comment explains before approval.
        subjects = explanations.subject_options(ui.reader_on(ui.as_of()), member_code, lang, today)
        add_form(user, member_code, lang, subjects)


def show(member_code: str, lang: str) -> None:
    """The member's comments and evidence, the newest first: what each is about, who, when; links
    to open, and files to download for a signed-in user only (evidence may hold personal data)."""
    comments = ui.cached(explanations.comments_table, member_code, lang)
    st.subheader(t(lang, "explanations.comments_title", n=i18n.number(lang, len(comments))))
    if comments.empty:
        st.caption(t(lang, "explanations.none_comments"))
    else:
        ui.table(comments, height=420)
    shown = ui.cached(evidence.evidence_table, member_code, lang)
    st.subheader(t(lang, "explanations.evidence_title", n=i18n.number(lang, len(shown))))
    if shown.empty:
        st.caption(t(lang, "explanations.none_evidence"))
        return
    ui.table(shown, height=420, urls="url")
    if ui.signed_in_user() is None:
        if shown["url"].isna().any():  # a file, not only links
            st.caption(t(lang, "explanations.sign_in_download"))
        return
    master = db_path()
    files = ui.cached(evidence.evidence, member_code)
    files = files[files["sha256"].map(lambda sha: evidence.is_stored(master, sha)).astype(bool)]
    if files.empty:
        return
    st.markdown(f"**{t(lang, 'explanations.downloads')}**")
    for row in files.itertuples(index=False):
        st.download_button(
            ui.literal(str(row.file_name)), data=_reading(master, str(row.sha256)),
            file_name=row.file_name, mime=row.media_type, key=f"evidence_file_{row.evidence_id}",
            icon=":material/download:",
        )  # fmt: skip


def _reading(master: Path, sha256: str) -> Callable[[], bytes]:
    """The file's content, read when its download is clicked."""
    return lambda: evidence.file_bytes(master, sha256)


def add_form(user: Any, member_code: str, lang: str, subjects: pd.DataFrame) -> None:
    """Add a comment, a file or a link on one of ``subjects`` (``explanations.subject_options``:
    subject, subject_key, about), as ``user``."""
    saved = st.session_state.pop(_SAVED, None)
    if saved:
        st.success(t(lang, saved))
    if ui.read_only():  # a past day: nothing is written
        ui.writes_off()
        return
    kinds = [kind for kind in explanations.SUBJECTS if (subjects["subject"] == kind).any()]
    if not kinds:
        st.caption(t(lang, "explanations.none_items"))
        return
    kind = st.radio(
        t(lang, "explanations.about_kind"), kinds, horizontal=True, key=f"explanations_kind_{member_code}",
        format_func=lambda k: t(lang, f"explanations.kind.{k}"),
    )  # fmt: skip
    items = subjects[subjects["subject"] == kind]
    labels = dict(zip(items["subject_key"], items["about"], strict=True))
    key = st.selectbox(
        t(lang, "explanations.item"), list(labels), format_func=lambda k: labels[k],
        key=f"explanations_item_{member_code}_{kind}",
    )  # fmt: skip
    if key is None:
        return
    comment_tab, file_tab, link_tab = st.tabs(
        [t(lang, "explanations.tab.comment"), t(lang, "explanations.tab.file"), t(lang, "explanations.tab.link")]
    )
    with comment_tab, st.form(f"explanations_comment_{member_code}", clear_on_submit=True):
        body = st.text_area(
            t(lang, "explanations.body"), max_chars=explanations.MAX_BODY, key=f"explanations_body_{member_code}",
            help=t(lang, "explanations.body_help", n=explanations.MAX_BODY),
        )  # fmt: skip
        if st.form_submit_button(t(lang, "explanations.save_comment"), icon=":material/comment:"):
            _write(lang, "explanations.saved.comment", explanations.add_comment, user, member_code, kind, key, body)
    with file_tab, st.form(f"explanations_file_{member_code}", clear_on_submit=True):
        st.html(_uploader_texts(lang))
        upload = st.file_uploader(
            t(lang, "explanations.file"), type=list(evidence.ACCEPTED_EXTENSIONS), max_upload_size=MB,
            key=f"explanations_upload_{member_code}", help=t(lang, "explanations.file_help", mb=i18n.number(lang, MB)),
        )  # fmt: skip
        if st.form_submit_button(t(lang, "explanations.save_file"), icon=":material/attach_file:"):
            if upload is None:
                st.error(t(lang, "explanations.no_file"))
            else:
                _write(lang, "explanations.saved.file", evidence.attach_file, user, member_code, kind, key,
                       upload.name, upload.getvalue())  # fmt: skip
    with link_tab, st.form(f"explanations_link_{member_code}", clear_on_submit=True):
        url = st.text_input(
            t(lang, "explanations.link"), max_chars=evidence.MAX_LINK, key=f"explanations_url_{member_code}",
            placeholder="https://", help=t(lang, "explanations.link_help"),
        )  # fmt: skip
        if st.form_submit_button(t(lang, "explanations.save_link"), icon=":material/link:"):
            _write(lang, "explanations.saved.link", evidence.attach_link, user, member_code, kind, key, url)


def _write(lang: str, saved: str, write: Any, *args: Any) -> None:
    """Run one write; say why in the language if it is refused, else rerun to show what was saved."""
    done = False
    with ui.writing():
        try:
            write(*args, master=db_path())
            done = True
        except explanations.ExplanationRefused as refused:  # EvidenceRefused too
            st.error(t(lang, refused.key, **_fields(lang, refused.fields)))
    if done:
        st.session_state[_SAVED] = saved
        st.rerun()


def _fields(lang: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A refusal's numbers written in the language."""
    return {
        name: i18n.decimal(lang, value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value
        for name, value in fields.items()
    }


def _uploader_texts(lang: str) -> str:
    """The file picker's texts in the language (Streamlit writes them in English)."""
    refused = t(lang, "evidence.upload_refused", mb=i18n.number(lang, MB))
    drop, browse = t(lang, "data.drop_here"), t(lang, "data.browse")
    return (
        "<style>"
        '[data-testid="stFileUploaderDropzoneInstructions"] > div > span,'
        '[data-testid="stFileUploaderDropzoneInstructions"] > div > small { display: none; }'
        f'[data-testid="stFileUploaderDropzoneInstructions"] > div::before {{ content: "{drop}"; }}'
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] { display: none; }'
        f'[data-testid="stFileUploaderDropzone"] button > div::after {{ content: "{browse}"; }}'
        '[data-testid="stFileChip"][aria-invalid="true"] [data-testid="stFileChipName"]::after {'
        f' content: " · {refused}"; color: #b3261e; white-space: normal; }}'
        "</style>"
    )
