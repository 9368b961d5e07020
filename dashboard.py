"""REMACTO MEL dashboard: entry point (navigation, language, global filters)."""

import os

import streamlit as st

import ui
from mel import pages
from mel.i18n import t

# Files the app writes (the database after a save, its read copies, the accounts store) are the
# server account's alone.
os.umask(0o077)
st.set_page_config(page_title="REMACTO MEL", page_icon="🏛️", layout="wide")
ui.sidebar()
ui.page_setup()
lang = ui.lang()

# Page files are named *_page.py so that no url_path matches a file name: a first visit to
# /growth must run this script (and its st.navigation), not the file alone.
navigation = {
    t(lang, f"nav.section.{section}"): [
        st.Page(
            page.script,
            title=page.title(lang),
            icon=page.icon,
            url_path=page.url_path or None,
            default=page.default,
        )
        for page in pages.in_section(section)
    ]
    for section in pages.SECTIONS
}
st.navigation(navigation).run()
