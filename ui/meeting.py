"""Meeting mode: a member's plan on a projector, one story per screen (``mel.meeting``).

The sidebar and the page's controls are gone; type is large but fits 1280×720 without a
horizontal scroll; Next and Previous are buttons and the arrow keys (swapped in Arabic). The
address carries the member, the screen and ``meeting=1``, so a link opens straight into it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

import ui
from mel import i18n, meeting, plan
from mel.i18n import t
from mel.paths import db_path
from ui import address

STORIES = ("headline", "late", "due", "done", "off_track", "timeline")
TABLE_HEIGHT = 380  # px: with the heading and the buttons, a screen fits 720 px of height
CHART_HEIGHT = 430
PROJECTS_HEIGHT = 250


def _move(step: int) -> None:
    st.session_state["screen"] = min(len(STORIES), max(1, st.session_state.get("screen", 1) + step))


def _leave() -> None:
    st.session_state["meeting"] = False


def show(member: str, header: dict[str, Any], lang: str, today: date) -> None:
    """The projector view of ``member``'s plan, at the screen named in the address."""
    st.html(ui.css("meeting"))
    address.take("screen", 1, range(1, len(STORIES) + 1), cast=int)
    screen = address.keep("screen", 1)
    story = STORIES[screen - 1]
    name = header[i18n.name_column(lang)]

    back, title, forward, leave = st.columns([2, 7, 2, 1.6], vertical_alignment="center")
    back.button(
        t(lang, "meeting.previous"), key="meeting_previous", on_click=_move, args=(-1,), disabled=screen == 1,
        icon=":material/arrow_forward:" if i18n.is_rtl(lang) else ":material/arrow_back:", width="stretch",
    )  # fmt: skip
    title.markdown(
        f"# {name} · {t(lang, f'meeting.story.{story}')}\n\n"
        + t(lang, "meeting.screen_of", n=i18n.number(lang, screen), total=i18n.number(lang, len(STORIES)))
    )
    forward.button(
        t(lang, "meeting.next"), key="meeting_next", on_click=_move, args=(1,), disabled=screen == len(STORIES),
        icon=":material/arrow_back:" if i18n.is_rtl(lang) else ":material/arrow_forward:", width="stretch",
    )  # fmt: skip
    leave.button(t(lang, "meeting.leave"), key="meeting_leave", on_click=_leave, width="stretch")
    st.html(ui.script("meeting"), unsafe_allow_javascript=True)

    if header["member_is_demo"] or header["plan_is_demo"]:
        st.caption(t(lang, "meeting.demo"))
    if story == "headline":
        _headline(member, header, lang, today)
    elif story == "late":
        _table_or_none(ui.cached(meeting.late_table, member, lang, today), lang, "meeting.none_late")
    elif story == "due":
        _table_or_none(ui.cached(meeting.due_next_table, member, lang, today), lang, "meeting.none_due")
    elif story == "done":
        _done(member, lang, today)
    elif story == "off_track":
        last = ui.cached(meeting.headline, member, today)["last_meeting"]  # type: ignore[index]
        frame = (
            ui.cached_then(meeting.off_track_table, last, member, lang, today)
            if last
            else ui.cached(meeting.off_track_table, member, lang, today)
        )
        _table_or_none(frame, lang, "meeting.none_off_track")
    else:
        figure = ui.figure(plan.gantt_figure, int(header["plan_id"]), lang, today)
        ui.chart(figure.update_layout(height=CHART_HEIGHT), key="meeting_gantt")


def _headline(member: str, header: dict[str, Any], lang: str, today: date) -> None:
    facts = ui.cached(meeting.headline, member, today)
    if facts is None:  # the member is gone from the database since its header was read
        return
    last = facts["last_meeting"]
    # Under each figure, the same figure as it stood at the last meeting (the database rewound to that day).
    then: dict[str, Any] = {}
    if last:
        compared = ui.cached_then(meeting.then_and_now, last, member, today)
        then = dict(zip(compared["figure"], compared["then"], strict=True))

    def at_last(figure: str) -> dict[str, Any]:
        if figure not in then:
            return {}
        value = then[figure]
        shown = i18n.percent(lang, value) if figure == "progress" else i18n.number(lang, value)
        return {"delta": t(lang, "meeting.then_value", value=shown), "delta_color": "off", "delta_arrow": "off"}

    cols = st.columns(6)
    cols[0].metric(t(lang, "plan.progress"), i18n.percent(lang, header["progress"]), **at_last("progress"))
    cols[1].metric(t(lang, "plan.status"), t(lang, f"plan_status.{header['status']}"))
    cols[2].metric(t(lang, "plan.cycle"), i18n.number(lang, header["cycle"]))
    cols[3].metric(t(lang, "meeting.late_count"), i18n.number(lang, facts["late"]), **at_last("late"))
    cols[4].metric(t(lang, "meeting.due_count"), i18n.number(lang, facts["due_next"]), **at_last("due_next"))
    cols[5].metric(t(lang, "meeting.off_track_count"), i18n.number(lang, facts["off_track"]), **at_last("off_track"))
    st.markdown(
        t(lang, "plan.dates_line", co_created=i18n.day(lang, header["co_created_on"]),
          adopted=i18n.day(lang, header["adopted_on"]), start=i18n.day(lang, header["start_on"]),
          end=i18n.day(lang, header["end_on"]))
    )  # fmt: skip
    st.markdown(
        t(lang, "meeting.last", day=i18n.day(lang, last)) if last else t(lang, "meeting.last_none"),
    )
    _record(member, lang, today, last)
    ui.table(ui.cached(meeting.projects_table, member, lang, today), height=PROJECTS_HEIGHT)


def _record(member: str, lang: str, today: date, last: date | None) -> None:
    """Remember today's meeting (a focal point of the member, or an administrator, signed in)."""
    from mel.auth import MEMBER_DATA

    if ui.read_only():  # a past day: nothing is recorded
        st.caption(t(lang, "asof.writes_off"))
        return
    user = ui.signed_in_user()
    if user is None or not user.can(MEMBER_DATA, member):
        st.caption(t(lang, "meeting.record_sign_in"))
        return
    if last == today or ui.cached(meeting.last_meeting, member) == today:
        st.success(t(lang, "meeting.recorded_today"))
        return
    if st.button(t(lang, "meeting.record"), key="meeting_record", icon=":material/event_available:"):
        recorded = False
        with ui.writing():
            try:
                meeting.record_meeting(user, member, today, master=db_path(), today=today)
                recorded = True
            except meeting.MeetingRefused as refused:
                st.error(t(lang, refused.key, **refused.fields))
        if recorded:
            st.rerun()


def _done(member: str, lang: str, today: date) -> None:
    since_default = ui.cached(meeting.since_default, member, today)
    since = st.date_input(
        t(lang, "meeting.since"), value=since_default, max_value=today, key=f"meeting_since_{member}",
        format="YYYY/MM/DD" if lang == "en" else "DD/MM/YYYY",
    )  # fmt: skip
    done = ui.cached(meeting.done_since_tables, member, lang, today, since)
    if all(frame.empty for frame in done.values()):
        st.info(t(lang, "meeting.none_done"))
    for kind, frame in done.items():
        if not frame.empty:
            st.markdown(f"**{t(lang, f'plan.change.{kind}')}** ({i18n.number(lang, len(frame))})")
            ui.table(frame, height=TABLE_HEIGHT // 2 + 40)


def _table_or_none(frame: Any, lang: str, none_key: str) -> None:
    if frame.empty:
        st.info(t(lang, none_key))
    else:
        st.caption(t(lang, "meeting.rows", n=len(frame)))
        ui.table(frame, height=TABLE_HEIGHT)
