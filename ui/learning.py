"""Learning notes on screen: the form a member's focal point (or an evaluator) writes them with,
and the evaluators' list across the network, by principle, searchable in the three languages."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import ui
from mel import i18n, learning
from mel.i18n import t
from mel.paths import db_path
from mel.vocabulary import PRINCIPLES, PROJECT_STATUSES
from ui import address

_SAVED = "_learning_saved"  # the version just saved, said once after the page is drawn again
_GENERATION = "_learning_generation"  # a new set of fields after each save, filled from what is saved
SEPARATOR = " · "


def _plain(text: str) -> str:
    """Text shown as written in Markdown (a note may hold stars, brackets or dollars), its line breaks kept."""
    return "  \n".join(ui.literal(text.strip()).splitlines())


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _refusal(lang: str, refused: learning.NoteRefused) -> str:
    fields = {k: i18n.number(lang, v) if isinstance(v, int) and k != "n" else v for k, v in refused.fields.items()}
    return t(lang, refused.key, **fields)


def note_form(user: Any, member_code: str, lang: str) -> None:
    """Write a learning note about one of the member's projects, or correct one (a new version);
    for a signed-in user who may write the member's explanations."""
    from mel.auth import EXPLANATIONS, PermissionDenied

    st.subheader(t(lang, "learning.form_title"))
    st.caption(t(lang, "learning.form_help", n=learning.MAX_TEXT))
    if ui.read_only():  # a past day: nothing is written
        st.caption(t(lang, "asof.writes_off"))
        return
    if user is None or not user.can(EXPLANATIONS, member_code):
        st.caption(t(lang, "learning.sign_in"))
        return
    projects = ui.cached(learning.member_projects, member_code, lang)
    if projects.empty:
        st.info(t(lang, "learning.no_projects"))
        return
    written = ui.cached(learning.notes, lang, None, member_code, None)
    saved_version = st.session_state.pop(_SAVED, None)
    if saved_version is not None:
        st.success(t(lang, "learning.saved", version=i18n.number(lang, saved_version)))

    by_id = {int(row["note_id"]): row for _, row in written.iterrows()}
    chosen = st.selectbox(
        t(lang, "learning.note_pick"), [0, *by_id], key=f"learning_note_{member_code}",
        format_func=lambda n: _note_option(lang, by_id[n]) if n else t(lang, "learning.new_note"),
    )  # fmt: skip
    note = by_id.get(chosen)
    fields = f"{member_code}_{chosen}_{st.session_state.get(_GENERATION, 0)}"

    titles = dict(zip(projects["project_id"], projects["project"], strict=True))
    statuses = dict(zip(projects["project_id"], projects["status"], strict=True))
    ids = list(titles)
    project = st.selectbox(
        t(lang, "learning.project"), ids, key=f"learning_project_{fields}",
        index=ids.index(note["project_id"]) if note is not None and note["project_id"] in ids else 0,
        format_func=lambda p: _project_option(lang, titles[p], statuses[p]),
    )  # fmt: skip
    end_of = st.radio(
        t(lang, "learning.end_of"), learning.END_OF, key=f"learning_end_of_{fields}", horizontal=True,
        index=learning.END_OF.index(note["written_at_end_of"]) if note is not None else 0,
        format_func=lambda e: t(lang, f"learning.end_of.{e}"),
    )  # fmt: skip
    worked, did_not_work, differently = (
        st.text_area(
            t(lang, f"learning.{name}"),
            value=_text(note[name]) if note is not None else "",
            max_chars=learning.MAX_TEXT,
            key=f"learning_{name}_{fields}",
        )
        for name in learning.TEXTS
    )
    if st.button(t(lang, "learning.save"), key=f"learning_save_{member_code}", icon=":material/save:"):
        saved: tuple[int, int] | None = None
        with ui.writing():
            try:
                saved = learning.write_note(
                    user, member_code, int(project), end_of, worked, did_not_work, differently,
                    note_id=chosen or None, master=db_path(),
                )  # fmt: skip
            except learning.NoteRefused as refused:
                st.error(_refusal(lang, refused))
            except PermissionDenied:
                st.error(t(lang, "learning.error.not_allowed"))
        if saved is not None:
            st.session_state[_SAVED] = saved[1]
            st.session_state[_GENERATION] = st.session_state.get(_GENERATION, 0) + 1
            st.rerun()


def _project_option(lang: str, title: str, status: Any) -> str:
    if status in PROJECT_STATUSES:
        return f"{title} · {PROJECT_STATUSES.label(lang, status)}"
    return title


def _note_option(lang: str, note: pd.Series) -> str:
    end_of = t(lang, f"learning.end_of.{note['written_at_end_of']}")
    return t(
        lang, "learning.note_option", project=note["project"], end_of=end_of,
        day=i18n.day(lang, note["recorded_at"].date()), version=i18n.number(lang, note["version"]),
    )  # fmt: skip


def network_notes(lang: str) -> None:
    """The evaluators' list of learning notes across the network: searched, filtered by principle
    and member, grouped by principle."""
    every = ui.cached(learning.notes, lang, None, None, None)
    members = dict(zip(every["member_code"], every["member"], strict=True))
    members = dict(sorted(members.items(), key=lambda item: item[1]))
    st.caption(t(lang, "learning.list_help"))
    cols = st.columns([2, 1, 1])
    address.take("notes_search", "")
    search = cols[0].text_input(
        t(lang, "learning.search"), key="notes_search", help=t(lang, "learning.search_help"),
        placeholder=t(lang, "learning.search_placeholder"),
    )  # fmt: skip
    address.keep("notes_search", "")
    address.take("notes_principle", None, [None, *PRINCIPLES.codes])
    principle = cols[1].selectbox(
        t(lang, "col.principle"), [None, *PRINCIPLES.codes], key="notes_principle",
        format_func=lambda p: PRINCIPLES.label(lang, p) if p else t(lang, "learning.all_principles"),
        placeholder=t(lang, "learning.all_principles"),
    )  # fmt: skip
    address.keep("notes_principle", None)
    address.take("notes_member", None, [None, *members])
    member = cols[2].selectbox(
        t(lang, "col.member"), [None, *members], key="notes_member",
        format_func=lambda m: members[m] if m else t(lang, "learning.all_members"),
        placeholder=t(lang, "learning.all_members"),
    )  # fmt: skip
    address.keep("notes_member", None)

    found = ui.cached(learning.notes, lang, principle, member, search.strip() or None)
    n = len(found)
    st.markdown(f"**{t(lang, 'learning.count', n=n)}**")
    if found.empty:
        st.info(t(lang, "learning.none_yet" if every.empty else "learning.none_found"))
        return
    if any(len(codes) > 1 for codes in found["principles"]):
        st.caption(t(lang, "learning.several_principles"))
    groups: list[tuple[str, pd.DataFrame]] = [
        (PRINCIPLES.label(lang, code), found[[code in codes for codes in found["principles"]]])
        for code in ([principle] if principle else PRINCIPLES.codes)
    ]
    if principle is None:
        groups.append((t(lang, "learning.no_principle"), found[[not codes for codes in found["principles"]]]))
    groups = [(label, notes) for label, notes in groups if not notes.empty]
    narrowed = len(groups) == 1 or bool(search.strip()) or member is not None
    for label, notes in groups:
        heading = t(lang, "learning.group", principle=label, n=i18n.number(lang, len(notes)))
        with st.expander(heading, expanded=narrowed):
            for _, note in notes.iterrows():
                _note(lang, note)


def _note(lang: str, note: pd.Series) -> None:
    """One note: member and project, when and by whom, its three texts under their headings."""
    with st.container(border=True):
        st.markdown(f"**{_plain(note['member'])}** · {_plain(note['project'])}")
        byline = [
            t(lang, f"learning.end_of.{note['written_at_end_of']}"),
            t(lang, f"learning.by.{note['author']}"),
            i18n.day(lang, note["recorded_at"].date()),
        ]
        if note["version"] > 1:
            byline.append(t(lang, "learning.corrected", version=i18n.number(lang, note["version"])))
        st.caption(SEPARATOR.join(byline))
        for name in learning.TEXTS:
            if _text(note[name]).strip():
                st.markdown(f"**{t(lang, f'learning.{name}')}**  \n{_plain(note[name])}")
