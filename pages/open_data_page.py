"""Open data and templates: public, no sign-in."""

from collections.abc import Callable

import streamlit as st

import ui
from mel import imports, opendata, templates
from mel.i18n import t
from mel.imports import plan_template


def template(kind: str, fmt: str) -> Callable[[], bytes]:
    """The import template of ``kind`` in ``fmt``, built when clicked."""
    return lambda: templates.template_bytes(kind, fmt, ui.reader())


lang = ui.lang()

st.title(t(lang, "open_data.title"))
st.caption(t(lang, "open_data.subtitle"))

st.subheader(t(lang, "data.open_data_title"))
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
for column, kind in zip(st.columns(len(imports.KINDS)), imports.KINDS, strict=True):
    column.markdown(f"**{t(lang, f'data.kind.{kind}')}**")
    for fmt in ("csv", "xlsx"):
        column.download_button(
            fmt.upper(),
            data=template(kind, fmt),
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
