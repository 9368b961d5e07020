"""REMACTO MEL dashboard: entry point (navigation, language, global filters)."""

import streamlit as st

import ui
from mel.i18n import t

st.set_page_config(page_title="REMACTO MEL", page_icon="🏛️", layout="wide")
ui.sidebar()
ui.page_setup()
lang = ui.lang()

pages = [
    st.Page("pages/overview.py", title=t(lang, "nav.overview"), icon="🏠", url_path="overview", default=True),
]
st.navigation(pages).run()
