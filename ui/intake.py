"""Getting data in: a member's plan workbook to revise, a file imported after its preview, and
values, milestones and assessments entered in the app (the Getting data in page)."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

import ui
from mel import assessments, i18n, imports, plan
from mel.auth import ASSESSMENTS, MEMBER_DATA
from mel.i18n import t
from mel.imports import entry, plan_template, plans
from mel.imports.cells import ImportRejected, sha256
from mel.metrics import last_complete_quarter
from ui import learning as learning_view


def templates_link(lang: str) -> None:
    """A link to the templates (the Open data page), within the session: its sign-in goes along."""
    with suppress(StreamlitPageNotFoundError):  # the page run alone, without the app's navigation
        st.page_link("pages/open_data_page.py", label=t(lang, "data.templates_link"), icon=":material/download:")


def member_labels(lang: str, today: date) -> dict[str, str]:
    """Every current member's code and how the pickers name it."""
    options = ui.cached(plan.member_options, today)
    return {row["member_code"]: plan.member_label(row, lang) for _, row in options.iterrows()}


def plan_workbook(user: Any, lang: str, today: date) -> None:
    """A member's current plan as a workbook to revise: a focal point's own member, any member for
    the secretariat."""
    plan_member = user.member_code
    if user.role == "administrator":
        labels = member_labels(lang, today)
        plan_member = st.selectbox(
            t(lang, "data.plan_template_member"), list(labels), key="template_plan_member",
            format_func=lambda code: labels.get(code, code),
        )  # fmt: skip
    if plan_member and plan.plan_header(ui.reader(), plan_member) is not None:
        st.download_button(
            t(lang, "data.plan_template_own", member=plan_member),
            data=lambda: plan_template.workbook_bytes(lang, plan_template.plan_rows(ui.reader(), str(plan_member))),
            file_name=f"{plan_member}.xlsx",
            key="template_plan_own",
            icon=":material/download:",
        )


def _counts(preview: Any, lang: str, statuses: tuple[str, str, str]) -> None:
    for column, status in zip(st.columns(3), statuses, strict=True):
        column.metric(t(lang, f"data.status.{status}"), i18n.number(lang, preview.count(status)))


def _confirm(preview: Any, lang: str, key: str) -> bool:
    return st.button(
        t(lang, "data.confirm", n=len(preview.to_write)), type="primary", key=key, disabled=preview.to_write.empty
    )


def import_file(user: Any, lang: str, today: date) -> None:
    """Upload a file, see its problems or its preview, confirm."""
    st.subheader(t(lang, "data.import_title"))
    upload = ui.file_uploader(t(lang, "data.upload"), key="upload", help_text=t(lang, "data.upload_help"))
    if upload is None:
        return
    data = upload.getvalue()
    digest = sha256(data)
    # Checked once per file, user and database version: a rerun of the page does not parse it again.
    preview = ui.once(("preview", digest, user, ui.reader().version(), today), imports.validate, data, upload.name,
                      user, today)  # fmt: skip
    if isinstance(preview, Exception):  # refused: ImportRejected or PermissionDenied
        if isinstance(preview, ImportRejected):
            ui.problems(preview)
        else:
            st.error(t(lang, "data.not_allowed"))
        return
    expected = None
    if isinstance(preview, plans.PlanPreview):
        draft = preview.draft
        st.markdown(f"**{t(lang, 'data.plan_summary', member=draft.member_code, cycle=draft.cycle)}**")
        _counts(preview, lang, ("added", "changed", "removed"))
        if preview.warnings:
            notes = [t(lang, "data.plan_warnings"), *(f"- {w.message(lang)}" for w in preview.warnings)]
            st.warning(str.join("\n", notes))
        ui.table(plans.changes_shown(preview.rows.head(ui.MAX_PREVIEW_ROWS), lang))
        expected = preview.fingerprint
    else:
        _counts(preview, lang, ("new", "correction", "unchanged"))
        shown = preview.rows.drop(columns=[c for c in ("old_id", "old_version") if c in preview.rows.columns])
        shown = shown.assign(status=shown["status"].map(lambda s: t(lang, f"data.status.{s}")))
        if "sex" in shown.columns:
            shown = shown.assign(sex=shown["sex"].map(lambda s: t(lang, f"eval.measure.{s}")))
        ui.table(shown.head(ui.MAX_PREVIEW_ROWS))
    if _confirm(preview, lang, f"confirm_{digest[:12]}"):
        with st.status(t(lang, "data.writing"), expanded=False) as status, ui.writing(status):
            batch = imports.commit(data, upload.name, user, today, expected=expected)
            status.update(label=t(lang, "data.written", batch=batch), state="complete")


def _scale(column: Any, label: str, levels: tuple[str, ...], current: Any, prefix: str, default: int, key: str) -> str:
    """A choice on one of OGP's scales, starting at the current level (or ``default``)."""
    lang = ui.lang()
    index = levels.index(current) if isinstance(current, str) else default
    chosen: str = column.selectbox(
        t(lang, label), levels, index=index, format_func=lambda v: t(lang, f"{prefix}.{v}"), key=key
    )
    return chosen


def _save(kind: str, frame: pd.DataFrame, user: Any, lang: str, today: date) -> None:
    """Write the rows changed in a table through the same checks and history as a file."""
    if frame.empty:
        st.info(t(lang, "data.nothing_changed"))
        return
    with ui.writing(entry=True):
        batch = imports.commit_frame(kind, frame, user, "entry", None, today)
        st.success(t(lang, "data.written", batch=batch))


def _values_and_milestones(user: Any, member: str, lang: str, today: date) -> None:
    period = last_complete_quarter(today)
    st.markdown(t(lang, "data.values_for", period=i18n.quarter(lang, period)))
    values = ui.opened(f"values_{member}_{period}_{lang}", entry.values_for_entry, member, period, lang)
    edited = st.data_editor(
        values,
        key=f"values_{member}_{period}",
        hide_index=True,
        disabled=["indicator_code", "indicator", "sex"],
        column_config={
            **ui.field_config(values, pinned=("indicator_code", "indicator")),
            "value": st.column_config.NumberColumn(t(lang, "col.value")),
        },
    )
    if st.button(t(lang, "data.save_values"), key="save_values"):
        _save("observations", entry.values_as_import(member, period, values, edited), user, lang, today)
    st.markdown(t(lang, "data.milestones_for"))
    milestones = ui.opened(f"milestones_{member}_{lang}", entry.milestones_for_entry, member, lang)
    edited_ms = st.data_editor(
        milestones,
        key=f"milestones_{member}",
        hide_index=True,
        disabled=["milestone_id", "milestone", "project", "due_on"],
        column_config={
            **ui.field_config(milestones, pinned=("milestone",)),
            "done_on": st.column_config.DateColumn(t(lang, "col.done_on")),
        },
    )
    if st.button(t(lang, "data.save_milestones"), key="save_milestones"):
        _save("milestones", entry.milestones_as_import(member, milestones, edited_ms), user, lang, today)


def _assessments(user: Any, member: str, lang: str) -> None:
    st.markdown(t(lang, "data.assessments_for"))
    projects = ui.cached(assessments.project_assessments, member)
    for project in projects.itertuples():
        project_id = int(project.project_id)
        with st.form(f"assess_{project_id}"):
            st.markdown(f"**{getattr(project, f'title_{lang}')}**")
            cols = st.columns(3)
            completion = _scale(cols[0], "col.completion", assessments.COMPLETION, project.completion, "completion",
                                0, f"completion_{project_id}")  # fmt: skip
            opened = _scale(cols[1], "col.opened_government", assessments.OPENED, project.opened_government, "opened",
                            1, f"opened_{project_id}")  # fmt: skip
            verifiable = cols[2].checkbox(
                t(lang, "col.verifiable"),
                value=bool(project.verifiable) if project.verifiable is not None else False,
                key=f"verifiable_{project_id}",
            )
            if st.form_submit_button(t(lang, "data.save_assessment")):
                with ui.writing():
                    assessments.record_assessment(user, project_id, completion, opened, verifiable)
                    st.success(t(lang, "data.assessment_saved"))


def entry_in_app(user: Any, lang: str, today: date) -> None:
    """The latest values and milestones in editable tables, learning notes, and for evaluators the
    projects' assessments, for a member the user may write for."""
    st.subheader(t(lang, "data.entry_title"))
    labels = member_labels(lang, today)
    writable = [c for c in labels if user.can(MEMBER_DATA, c) or user.can(ASSESSMENTS)]
    if not writable:
        st.info(t(lang, "data.nothing_to_enter"))
        return
    member = st.selectbox(
        t(lang, "plan.pick_member"),
        writable,
        key="entry_member",
        format_func=lambda code: labels.get(code, code),
        index=writable.index(user.member_code) if user.member_code in writable else 0,
    )
    if member is None:
        return
    if user.can(MEMBER_DATA, member):
        _values_and_milestones(user, member, lang, today)
    learning_view.note_form(user, member, lang)
    if user.can(ASSESSMENTS):
        _assessments(user, member, lang)
