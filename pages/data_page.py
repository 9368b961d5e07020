"""Data: templates, import with preview, entry, batches and undo, history, open data."""

from typing import Any

import pandas as pd
import streamlit as st

import ui
from mel import accounts, assessments, auth, batches, i18n, imports, opendata, plan, templates, vocabulary
from mel.auth import ASSESSMENTS, MEMBER_DATA, AuthError, PermissionDenied
from mel.db import DatabaseMissing
from mel.i18n import t
from mel.imports import entry, plan_template, plans
from mel.imports.cells import ImportRejected, sha256
from mel.metrics import last_complete_quarter
from ui import learning as learning_view
from ui import reporting as reporting_cycle

ui.every_value_here()  # values are entered here: drafts and all, whatever the public pages' switch
lang = ui.lang()
today = ui.today()

st.title(t(lang, "data.title"))
st.caption(t(lang, "data.subtitle"))

# --- Open data and templates: public ---------------------------------------------------------
with st.expander(t(lang, "data.open_data_title"), expanded=False):
    st.caption(t(lang, "data.open_data_help"))
    st.download_button(
        t(lang, "data.open_data_download"),
        # open data publishes what the public pages show by default: approved quarters
        data=lambda: opendata.zip_bytes(ui.reader_on(ui.as_of(), approved=True), ui.today()),
        file_name="remacto-open-data.zip",
        mime="application/zip",
        icon=":material/download:",
        key="open_data",
    )

st.subheader(t(lang, "data.templates_title"))
st.caption(t(lang, "data.templates_help"))
template_cols = st.columns(4)
for column, kind in zip(template_cols, imports.KINDS, strict=True):
    column.markdown(f"**{t(lang, f'data.kind.{kind}')}**")
    for fmt in ("csv", "xlsx"):
        column.download_button(
            fmt.upper(),
            data=lambda kind=kind, fmt=fmt: templates.template_bytes(kind, fmt, ui.reader()),
            file_name=f"template-{kind}.{fmt}",
            key=f"template_{kind}_{fmt}",
            icon=":material/download:",
        )

st.markdown(f"**{t(lang, 'data.plan_template_title')}**")
st.caption(t(lang, "data.plan_template_help"))
st.download_button(
    t(lang, "data.plan_template_empty"),
    data=lambda: plan_template.workbook_bytes(lang),
    file_name=f"{t(lang, 'data.plan_template_title')}.xlsx",
    key="template_plan",
    icon=":material/download:",
)

# --- Sign in -----------------------------------------------------------------------------------
st.subheader(t(lang, "data.sign_in_title"))
if ui.read_only():  # a past day (?as_of=): nothing below may write
    ui.writes_off()
    st.stop()
address, fingerprint = ui.client()
user = ui.signed_in_user()
if user is None:
    st.caption(t(lang, "data.sign_in_help"))
    with st.form("sign_in"):
        username = st.text_input(t(lang, "data.username"), key="sign_in_username")
        password = st.text_input(t(lang, "data.password"), type="password", key="sign_in_password")
        if st.form_submit_button(t(lang, "data.sign_in")):
            try:
                st.session_state["session"] = auth.sign_in(
                    username, password, fingerprint, ui.reader(), address=address
                )
                st.rerun()
            except accounts.Throttled as throttled:
                st.error(t(lang, "data.sign_in_throttled", seconds=i18n.number(lang, throttled.retry_after)))
            except accounts.AccountLocked:
                st.error(t(lang, "data.sign_in_locked"))
            except (AuthError, DatabaseMissing):
                st.error(t(lang, "data.sign_in_failed"))
    st.stop()

left, right = st.columns([4, 1])
left.success(t(lang, "data.signed_in", user=user.display_name or user.username, role=t(lang, f"role.{user.role}")))
if right.button(t(lang, "data.sign_out"), key="sign_out"):
    st.session_state.pop("session", None)
    st.rerun()

reporting_cycle.section(user, user.member_code, today)

# A focal point revises their own member's plan; the secretariat any member's.
plan_member = user.member_code
if user.role == "administrator":
    choices = ui.cached(plan.member_options, today)
    plan_member = st.selectbox(
        t(lang, "data.plan_template_member"), list(choices["member_code"]), key="template_plan_member",
        format_func={r["member_code"]: plan.member_label(r, lang) for _, r in choices.iterrows()}.get,
    )  # fmt: skip
if plan_member and plan.plan_header(ui.reader(), plan_member) is not None:
    st.download_button(
        t(lang, "data.plan_template_own", member=plan_member),
        data=lambda: plan_template.workbook_bytes(lang, plan_template.plan_rows(ui.reader(), str(plan_member))),
        file_name=f"{plan_member}.xlsx",
        key="template_plan_own",
        icon=":material/download:",
    )

# --- Import ------------------------------------------------------------------------------------
st.subheader(t(lang, "data.import_title"))
upload = ui.file_uploader(t(lang, "data.upload"), key="upload", help_text=t(lang, "data.upload_help"))
if upload is not None:
    data = upload.getvalue()
    digest = sha256(data)
    # Checked once per file, user and database version: a rerun of the page does not parse it again.
    preview = ui.once(("preview", digest, user, ui.reader().version(), today), imports.validate, data, upload.name,
                      user, today)  # fmt: skip
    if isinstance(preview, ImportRejected):
        ui.problems(preview)
    elif isinstance(preview, PermissionDenied):
        st.error(t(lang, "data.not_allowed"))
    elif isinstance(preview, plans.PlanPreview):
        draft = preview.draft
        st.markdown(f"**{t(lang, 'data.plan_summary', member=draft.member_code, cycle=draft.cycle)}**")
        cols = st.columns(3)
        for column, status in zip(cols, ("added", "changed", "removed"), strict=True):
            column.metric(t(lang, f"data.status.{status}"), i18n.number(lang, preview.count(status)))
        if preview.warnings:
            notes = [t(lang, "data.plan_warnings"), *(f"- {w.message(lang)}" for w in preview.warnings)]
            st.warning(str.join("\n", notes))
        ui.table(plans.changes_shown(preview.rows.head(ui.MAX_PREVIEW_ROWS), lang))
        if st.button(
            t(lang, "data.confirm", n=len(preview.to_write)),
            type="primary",
            key=f"confirm_{digest[:12]}",
            disabled=preview.to_write.empty,
        ):
            with st.status(t(lang, "data.writing"), expanded=False) as status, ui.writing(status):
                batch = imports.commit(data, upload.name, user, today, expected=preview.fingerprint)
                status.update(label=t(lang, "data.written", batch=batch), state="complete")
    else:
        cols = st.columns(3)
        for column, status in zip(cols, ("new", "correction", "unchanged"), strict=True):
            column.metric(t(lang, f"data.status.{status}"), i18n.number(lang, preview.count(status)))
        shown = preview.rows.drop(columns=[c for c in ("old_id", "old_version") if c in preview.rows.columns])
        shown = shown.assign(status=shown["status"].map(lambda s: t(lang, f"data.status.{s}")))
        if "sex" in shown.columns:
            shown = shown.assign(sex=shown["sex"].map(lambda s: t(lang, f"eval.measure.{s}")))
        ui.table(shown.head(ui.MAX_PREVIEW_ROWS))
        if st.button(
            t(lang, "data.confirm", n=len(preview.to_write)),
            type="primary",
            key=f"confirm_{digest[:12]}",
            disabled=preview.to_write.empty,
        ):
            with st.status(t(lang, "data.writing"), expanded=False) as status, ui.writing(status):
                batch = imports.commit(data, upload.name, user, today)
                status.update(label=t(lang, "data.written", batch=batch), state="complete")

# --- Entry in the app -------------------------------------------------------------------------------


def scale_select(
    column: Any, label: str, levels: tuple[str, ...], current: Any, prefix: str, default: int, key: str
) -> str:
    """A choice on one of OGP's scales, starting at the current level (or ``default``)."""
    index = levels.index(current) if isinstance(current, str) else default
    chosen: str = column.selectbox(
        t(lang, label), levels, index=index, format_func=lambda v: t(lang, f"{prefix}.{v}"), key=key
    )
    return chosen


def save(kind: str, frame: pd.DataFrame) -> None:
    """Write the rows changed in a table through the same checks and history as a file."""
    if frame.empty:
        st.info(t(lang, "data.nothing_changed"))
        return
    with ui.writing(entry=True):
        batch = imports.commit_frame(kind, frame, user, "entry", None, today)
        st.success(t(lang, "data.written", batch=batch))


st.subheader(t(lang, "data.entry_title"))
options = ui.cached(plan.member_options, today)
labels = {row["member_code"]: plan.member_label(row, lang) for _, row in options.iterrows()}
writable = [c for c in labels if user.can(MEMBER_DATA, c) or user.can(ASSESSMENTS)]
if not writable:
    st.info(t(lang, "data.nothing_to_enter"))
else:
    member = st.selectbox(
        t(lang, "plan.pick_member"),
        writable,
        key="entry_member",
        format_func=labels.get,
        index=writable.index(user.member_code) if user.member_code in writable else 0,
    )
    if user.can(MEMBER_DATA, member):
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
            save("observations", entry.values_as_import(member, period, values, edited))
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
            save("milestones", entry.milestones_as_import(member, milestones, edited_ms))
    learning_view.note_form(user, member, lang)
    if user.can(ASSESSMENTS):
        st.markdown(t(lang, "data.assessments_for"))
        projects = ui.cached(assessments.project_assessments, member)
        for project in projects.itertuples():
            with st.form(f"assess_{project.project_id}"):
                st.markdown(f"**{getattr(project, f'title_{lang}')}**")
                cols = st.columns(3)
                completion = scale_select(
                    cols[0], "col.completion", assessments.COMPLETION, project.completion, "completion", 0,
                    f"completion_{project.project_id}",
                )  # fmt: skip
                opened = scale_select(
                    cols[1], "col.opened_government", assessments.OPENED, project.opened_government, "opened", 1,
                    f"opened_{project.project_id}",
                )  # fmt: skip
                verifiable = cols[2].checkbox(
                    t(lang, "col.verifiable"),
                    value=bool(project.verifiable) if project.verifiable is not None else False,
                    key=f"verifiable_{project.project_id}",
                )
                if st.form_submit_button(t(lang, "data.save_assessment")):
                    with ui.writing():
                        assessments.record_assessment(user, int(project.project_id), completion, opened, verifiable)
                        st.success(t(lang, "data.assessment_saved"))

# --- Batches, undo, redo, history ------------------------------------------------------------------
st.subheader(t(lang, "data.batches_title"))
listed = batches.batches(ui.reader(), user)
ui.table(
    listed.assign(
        kind=listed["kind"].map(lambda k: t(lang, f"data.kind.{k}")),
        # An undo or redo is named in the user's language, not by the text stored with it.
        file_name=[
            t(lang, f"data.{action}_of", batch=int(target)) if action in ("undo", "redo") else name
            for action, target, name in zip(listed["action"], listed["undoes"], listed["file_name"], strict=True)
        ],
    ).drop(columns=["action"])
)
open_batches = listed[listed["undone_by"].isna()]
for action, label, done in (("undo", "data.undo_batch", "data.undone"), ("redo", "data.redo_batch", "data.redone")):
    choices = [int(b) for b in open_batches.loc[(open_batches["action"] == "undo") == (action == "redo"), "batch_id"]]
    if not choices:
        continue
    cols = st.columns([2, 1])
    chosen = cols[0].selectbox(t(lang, label), choices, key=f"{action}_batch")
    if cols[1].button(t(lang, f"data.{action}"), key=action):
        with ui.writing():
            reversal = (batches.redo if action == "redo" else batches.undo)(chosen, user)
            # Shown after the rerun that lists the new batch (and offers to reverse it).
            st.session_state["batches_done"] = t(lang, done, batch=chosen, undo=reversal, redo=reversal)
        if "batches_done" in st.session_state:
            st.rerun()
if "batches_done" in st.session_state:
    st.success(st.session_state.pop("batches_done"))

st.subheader(t(lang, "data.history_title"))
cols = st.columns(4)
history_member = cols[0].selectbox(
    t(lang, "plan.pick_member"), list(labels), key="history_member", format_func=labels.get
)
names = ui.reader().df("indicator_names")
history_indicator = cols[1].selectbox(
    t(lang, "col.indicator"),
    list(names["code"]),
    key="history_indicator",
    format_func=lambda c: f"{c} · {names.set_index('code').loc[c, f'name_{lang}']}",
)
history_period = cols[2].text_input(t(lang, "col.period"), value=last_complete_quarter(today), key="history_period")
history_sex = cols[3].selectbox(
    t(lang, "data.sex"),
    list(vocabulary.SEXES),
    key="history_sex",
    format_func=lambda s: vocabulary.SEXES.label(lang, s),
)
ui.table(batches.value_history(ui.reader(), history_member, history_indicator, history_period, history_sex))
