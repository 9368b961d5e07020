"""OGP on screen: a member's OGP Local membership and commitments, and the evaluators' commitments tab."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

import ui
from mel import i18n, ogp
from mel.filters import Filters
from mel.i18n import t

COLUMN_STYLES = {
    "action_plan": "white-space: nowrap",
    "start": "white-space: nowrap",
    "end": "white-space: nowrap",
    "title": "min-width: 18em",
    "member": "min-width: 9em",
    "ogp_values": "min-width: 9em",
    "lead_institution": "min-width: 14em",
}


def _plain(text: str) -> str:
    """Text shown as written in Markdown (titles may hold brackets, stars or dollars)."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$])", r"\\\1", text)


def _link(text: str, address: str | None) -> str:
    """A Markdown link to an OGP page (Streamlit opens web links in a new tab), or the text alone."""
    return f"[{_plain(text)}]({address})" if address else _plain(text)


def member_section(member_code: str, lang: str) -> None:
    """For an OGP Local member: since when, its action plans and its commitments, linked to OGP's
    pages; for every member, one quiet line saying that the network's programme is itself a
    commitment of Morocco's national OGP plan."""
    info = ui.cached(ogp.member_ogp, member_code)
    if info is not None:
        since = t(lang, "ogp.member_since", since=info.since_text(lang))
        parts = [f"**{_link(since, info.ogp_page_url)}**"]
        if info.plans:
            plans = i18n.join(lang, [ogp.plan_text(lang, plan) for plan in info.plans])
            if info.joint_plan:
                plans = t(lang, "ogp.joint_plan", plan=plans)
            parts.append(_plain(t(lang, "ogp.member_plans" if len(info.plans) > 1 else "ogp.member_plan", plans=plans)))
        if info.source_url:
            parts.append(_link(t(lang, "ogp.source"), info.source_url))
        # Lines, not a Markdown list: list markers stay left-aligned in Arabic.
        lines = [" · ".join(parts)]
        for _, row in info.commitments.iterrows():
            start, end = ogp.period_text(lang, row["start_on"], row["end_on"], row["date_precision"])
            line = f"{_link(str(row['commitment_id']), str(row['url']))} · {_plain(str(row[f'title_{lang}']))}"
            if start and end:
                line += " · " + _plain(t(lang, "ogp.period", start=start, end=end))
            lines.append(line)
        if info.commitments.empty:
            lines.append(_plain(t(lang, "ogp.member_no_commitments")))
        block = "  \n".join(lines)
        st.markdown(block)
        note = ogp.translation_note(info.commitments, lang)
        if note:
            st.caption(note)
    pacto = ui.cached(ogp.pacto_commitment)
    if pacto is not None:
        commitment = _link(str(pacto["commitment_id"]), str(pacto["url"]))
        plan = _plain(ogp.plan_text(lang, str(pacto["action_plan"])))
        st.caption(t(lang, "ogp.pacto_line", commitment=commitment, plan=plan))


def commitments_tab(filters: Filters, lang: str) -> None:
    """The evaluators' view of OGP commitments: what OGP Local is, the press figure of the national
    plan's progress (flagged as such), the table with links to OGP's pages, and its downloads."""
    st.caption(t(lang, "ogp.explainer"))
    progress = ui.cached(ogp.progress_note, lang)
    if progress:
        st.info(progress, icon=":material/newspaper:")
    table = ui.cached(ogp.commitments_table, filters, lang)
    # Plans ("2021-2023") and months stay on one line (a break after the hyphen reads backwards in
    # Arabic); titles and institutions get room to be read in a few lines.
    styles = pd.DataFrame("", index=table.index, columns=table.columns)
    for name, style in COLUMN_STYLES.items():
        styles[t(lang, f"ogp.col.{name}")] = style
    ui.table(table, colours=styles, urls=t(lang, "ogp.col.link"))
    note = ogp.translation_note(ui.cached(ogp.commitments_frame, filters), lang)
    if note:
        st.caption(note)
    ui.downloads(table, "ogp-commitments", "ogp_commitments")
