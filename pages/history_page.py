"""History: import batches with undo and redo, and every version of a value."""

import streamlit as st

import ui
from mel import batches, evaluation, vocabulary
from mel.i18n import t
from mel.metrics import last_complete_quarter
from ui import intake, signin

ui.every_value_here()  # every version of a value, drafts and all
lang = ui.lang()
today = ui.today()

st.title(t(lang, "history.title"))
st.caption(t(lang, "history.subtitle"))
user = signin.required(lang)

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
if ui.read_only():  # a past day (?as_of=): nothing may be undone
    ui.writes_off()
else:
    open_batches = listed[listed["undone_by"].isna()]
    for action, label, done in (("undo", "data.undo_batch", "data.undone"), ("redo", "data.redo_batch", "data.redone")):
        is_undo = open_batches["action"] == "undo"
        choices = [int(b) for b in open_batches.loc[is_undo == (action == "redo"), "batch_id"]]
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
labels = intake.member_labels(lang, today)
member_col, indicator_col, period_col, sex_col = st.columns(4)
member = member_col.selectbox(
    t(lang, "plan.pick_member"), list(labels), key="history_member", format_func=lambda c: labels.get(c, c)
)
names = ui.cached(evaluation.indicator_options).set_index("code")[f"name_{lang}"]
indicator = indicator_col.selectbox(
    t(lang, "col.indicator"), list(names.index), key="history_indicator", format_func=lambda c: f"{c} · {names[c]}"
)
period = period_col.text_input(t(lang, "col.period"), value=last_complete_quarter(today), key="history_period")
sex = sex_col.selectbox(
    t(lang, "data.sex"),
    list(vocabulary.SEXES),
    key="history_sex",
    format_func=lambda s: vocabulary.SEXES.label(lang, s),
)
if member is not None and indicator is not None and sex is not None:
    ui.table(batches.value_history(ui.reader(), member, indicator, period, sex))
