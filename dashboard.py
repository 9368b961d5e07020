"""REMACTO MEL dashboard: entry point (navigation, language, global filters)."""

import os

import streamlit as st

import ui
from mel.i18n import t

# Files the app writes (the database after a save, its read copies, the accounts store) are the
# server account's alone.
os.umask(0o077)
st.set_page_config(page_title="REMACTO MEL", page_icon="🏛️", layout="wide")
ui.sidebar()
ui.page_setup()
lang = ui.lang()

# Page files are named *_page.py so that no url_path below matches a file name: a first
# visit to /overview must run this script (and its st.navigation), not the file alone.
pages = [
    st.Page("pages/overview_page.py", title=t(lang, "nav.overview"), icon=":material/home:", default=True),
    st.Page("pages/growth_page.py", title=t(lang, "nav.growth"), icon=":material/groups:", url_path="growth"),
    st.Page("pages/plan_page.py", title=t(lang, "nav.plan"), icon=":material/assignment:", url_path="plan"),
    st.Page("pages/gender_page.py", title=t(lang, "nav.gender"), icon=":material/diversity_3:", url_path="gender"),
    st.Page("pages/data_page.py", title=t(lang, "nav.data"), icon=":material/upload_file:", url_path="data"),
    st.Page(
        "pages/evaluation_page.py", title=t(lang, "nav.evaluation"), icon=":material/insights:", url_path="evaluation"
    ),
]
st.navigation(pages).run()
