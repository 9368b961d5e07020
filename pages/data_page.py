"""Getting data in: sign in, the reporting cycle, a plan workbook to revise, import with preview,
entry in the app, learning notes and assessments."""

import streamlit as st

import ui
from mel.i18n import t
from ui import intake, signin
from ui import reporting as reporting_cycle

ui.every_value_here()  # values are entered here: drafts and all, whatever the public pages' switch
lang = ui.lang()
today = ui.today()

st.title(t(lang, "data.title"))
st.caption(t(lang, "data.subtitle"))
intake.templates_link(lang)

if ui.read_only():  # a past day (?as_of=): nothing below may write
    ui.writes_off()
    st.stop()
user = signin.required(lang)

reporting_cycle.section(user, user.member_code, today)
intake.plan_workbook(user, lang, today)
intake.import_file(user, lang, today)
intake.entry_in_app(user, lang, today)
