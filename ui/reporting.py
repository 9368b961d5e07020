"""The reporting cycle on the Data page: a focal point's calendar and submission, the evaluators'
network table, review and reopening, the late reporters, and the deadline setting."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

import ui
from mel import i18n, reporting, vocabulary
from mel.auth import EXPLANATIONS, REVIEW, SETTINGS, SUBMIT
from mel.i18n import t
from mel.imports import entry
from mel.metrics import last_complete_quarter
from mel.periods import quarter_end, quarter_of, quarters_between, shift_quarter
from ui import explanations as explanations_view
from ui import reminders

QUARTERS_TO_CHOOSE = 8  # the evaluators' quarter picker: the latest complete quarters


def _day(lang: str, value: Any) -> str:
    return i18n.day(lang, pd.Timestamp(value).date()) if pd.notna(value) else "–"


def _shown(frame: pd.DataFrame, lang: str, with_member: bool) -> pd.DataFrame:
    """The statuses table in the reader's words: no code, no empty cell left raw."""
    name = i18n.name_column(lang)
    steps = vocabulary.QUARTER_STEPS
    shown = pd.DataFrame(
        {
            "member": frame[name] if with_member else None,
            "period": frame["period"].map(lambda p: i18n.quarter(lang, p)),
            "deadline": frame["deadline"].map(lambda d: _day(lang, d)),
            "status": frame["status"].map(lambda s: vocabulary.QUARTER_STATUSES.label(lang, s)),
            "days_late": frame["days_late"].map(lambda n: i18n.number(lang, n) if n else "–"),
            "values_entered": frame["values_entered"].map(lambda n: i18n.number(lang, n)),
            "last_step": frame["last_action"].map(lambda a: steps.label(lang, a) if isinstance(a, str) else "–"),
            "step_by": frame["last_step_by"].map(lambda b: b if isinstance(b, str) else "–"),
            "step_at": frame["last_step_at"].map(lambda d: _day(lang, d)),
            "comment": frame["last_comment"].map(lambda c: c if isinstance(c, str) else ""),
        }
    )
    return shown if with_member else shown.drop(columns="member")


def _step(action: Any, *args: Any) -> None:
    """Take a step of the cycle; a refusal is said by ``ui.writing`` in the user's language."""
    with ui.writing():
        action(*args)
        st.session_state["cycle_done"] = t(ui.lang(), "cycle.done")
    if "cycle_done" in st.session_state:
        st.rerun()


def _about(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """What still needs a comment, named in the reader's words."""
    return pd.DataFrame(
        {
            "item": [
                t(lang, f"cycle.needs.{s}", name=n, due=_day(lang, d))
                for s, n, d in zip(frame["subject"], frame[f"name_{lang}"], frame["due_on"], strict=True)
            ]
        }
    )


def focal_point_calendar(user: Any, member: str, today: date) -> None:
    """A focal point's quarters: the next deadline, what it lacks, the calendar, and the submission."""
    lang = ui.lang()
    nxt = reporting.next_deadline(ui.reader(), member, today)
    if nxt is None:
        st.info(t(lang, "cycle.not_expected"))
        return
    fields = {"period": i18n.quarter(lang, nxt.period), "deadline": i18n.day(lang, nxt.deadline)}
    status = vocabulary.QUARTER_STATUSES.label(lang, nxt.status)
    if nxt.status == "late":
        st.warning(t(lang, "cycle.next_late", n=-nxt.days_left, **fields))
    elif nxt.days_left < 0:  # given back after its deadline: to correct, not late
        st.info(t(lang, "cycle.next_given_back", **fields))
    else:
        st.info(t(lang, "cycle.next_due", n=nxt.days_left, status=status, **fields))
    cols = st.columns(2)
    cols[0].metric(t(lang, "cycle.missing_values"), i18n.number(lang, len(nxt.missing_values)))
    cols[1].metric(t(lang, "cycle.unexplained"), i18n.number(lang, len(nxt.unexplained)))
    if not nxt.unexplained.empty:
        st.warning(t(lang, "cycle.explain_first"))
        needed = _about(nxt.unexplained, lang)
        ui.table(needed, height=240)
        if user.can(EXPLANATIONS, member):
            subjects = nxt.unexplained[["subject", "subject_key"]].assign(about=needed["item"].to_numpy())
            explanations_view.add_form(user, member, lang, subjects.reset_index(drop=True))
    if not nxt.missing_values.empty:
        with st.expander(t(lang, "cycle.missing_values_list")):
            missing = nxt.missing_values
            ui.table(
                pd.DataFrame(
                    {
                        "indicator": missing[f"name_{lang}"],
                        "sex": missing["sex"].map(lambda s: vocabulary.SEXES.label(lang, s)),
                    }
                ),
                height=300,
            )
    calendar = reporting.member_calendar(ui.reader(), member, today)
    ui.table(_shown(calendar, lang, with_member=False), height=260)
    stepped = [p for p, a in zip(calendar["period"], calendar["last_action"], strict=True) if isinstance(a, str)]
    if stepped:
        with st.expander(t(lang, "cycle.steps_title")):
            shown = st.selectbox(
                t(lang, "cycle.quarter"),
                stepped,
                key="cycle_steps_period",
                format_func=lambda p: i18n.quarter(lang, p),
            )
            ui.table(steps_shown(reporting.steps(ui.reader(), member, shown), lang), height=240)
    submittable = [
        p for p, a in zip(calendar["period"], calendar["last_action"], strict=True)
        if p != quarter_of(today) and (not isinstance(a, str) or a in ("return", "reopen"))
    ]  # fmt: skip
    if user.can(SUBMIT, member) and submittable:
        choice, action = st.columns([2, 1])
        period = choice.selectbox(
            t(lang, "cycle.submit_quarter"), sorted(submittable), key="cycle_submit_period",
            format_func=lambda p: i18n.quarter(lang, p),
        )  # fmt: skip
        if action.button(t(lang, "cycle.submit"), key="cycle_submit", type="primary"):
            _step(reporting.submit, user, member, period, today)


def _quarter_choices(today: date) -> list[str]:
    last = last_complete_quarter(today)
    return list(reversed(quarters_between(shift_quarter(last, -(QUARTERS_TO_CHOOSE - 1)), last)))


def network_review(user: Any, today: date) -> None:
    """The evaluators' view: each member's status for a quarter, the late first; review and reopen."""
    lang = ui.lang()
    period = st.selectbox(
        t(lang, "cycle.quarter"),
        _quarter_choices(today),
        key="cycle_period",
        format_func=lambda p: i18n.quarter(lang, p),
    )
    table = reporting.network_table(ui.reader(), period, today, ui.filters())
    counts = reporting.status_counts(table)
    cols = st.columns(len(counts))
    for column, (status, count) in zip(cols, counts.items(), strict=True):
        column.metric(vocabulary.QUARTER_STATUSES.label(lang, status), i18n.number(lang, count))
    due = reporting.deadlines(ui.reader(), [period])[period]
    days = (due - quarter_end(period)).days
    st.caption(t(lang, "cycle.deadline_rule", n=days, deadline=i18n.day(lang, due)))
    ui.table(_shown(table, lang, with_member=True), height=420)
    names = dict(zip(table["member_code"], table[i18n.name_column(lang)], strict=True))
    if user.can(REVIEW):
        _review(user, table, names, period, today)
    late = reporting.late_reporters(ui.reader(), period, today, ui.filters())
    st.markdown(f"**{t(lang, 'cycle.late_title', n=i18n.number(lang, len(late)))}**")
    if not late.empty:
        reminders.panel(late, lang)


def _pick(title: str, empty: str, members: list[str], key: str, names: dict[str, str]) -> str | None:
    """A column's title and its choice of member, or a line saying there is none."""
    lang = ui.lang()
    st.markdown(f"**{t(lang, title)}**")
    if not members:
        st.caption(t(lang, empty))
        return None
    chosen: str | None = st.selectbox(t(lang, "plan.pick_member"), members, key=key, format_func=names.__getitem__)
    return chosen


def _review(user: Any, table: pd.DataFrame, names: dict[str, str], period: str, today: date) -> None:
    lang = ui.lang()
    submitted = list(table.loc[table["status"] == "submitted", "member_code"])
    approved = list(table.loc[table["status"] == "approved", "member_code"])
    left, right = st.columns(2)
    with left:
        member = _pick("cycle.review_title", "cycle.nothing_to_review", submitted, "cycle_review_member", names)
        if member is not None:
            _quarter_detail(member, period)
            comment = st.text_area(t(lang, "cycle.return_comment"), key="cycle_return_comment")
            a, b = st.columns(2)
            if a.button(t(lang, "cycle.approve"), key="cycle_approve", type="primary"):
                _step(reporting.approve, user, member, period, today)
            if b.button(t(lang, "cycle.return"), key="cycle_return"):
                _step(reporting.send_back, user, member, period, comment, today)
    with right:
        member = _pick("cycle.reopen_title", "cycle.nothing_to_reopen", approved, "cycle_reopen_member", names)
        if member is not None:
            ui.table(steps_shown(reporting.steps(ui.reader(), member, period), lang), height=200)
            reason = st.text_area(t(lang, "cycle.reopen_reason"), key="cycle_reopen_reason")
            if st.button(t(lang, "cycle.reopen"), key="cycle_reopen"):
                _step(reporting.reopen, user, member, period, reason, today)


def _quarter_detail(member: str, period: str) -> None:
    """What the reviewer looks at: the quarter's steps, its values, and the member's explanations."""
    lang = ui.lang()
    history = reporting.steps(ui.reader(), member, period)
    ui.table(steps_shown(history, lang), height=200)
    values = entry.values_for_entry(ui.reader(), member, period, lang)
    st.caption(t(lang, "cycle.values_of", period=i18n.quarter(lang, period)))
    ui.table(values[values["value"].notna()].drop(columns="indicator_code"), height=300)
    explanations_view.show(member, lang)


def steps_shown(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A quarter's steps in the reader's words: what, who, when, the comment."""
    return pd.DataFrame(
        {
            "step": history["action"].map(lambda a: vocabulary.QUARTER_STEPS.label(lang, a)),
            "step_by": history["recorded_by"],
            "step_at": history["recorded_at"].map(lambda d: i18n.moment(lang, pd.Timestamp(d).to_pydatetime())),
            "comment": history["comment"].map(lambda c: c if isinstance(c, str) else ""),
        }
    )


def deadline_setting(user: Any) -> None:
    """The administrator's setting of the reporting deadline (days after a quarter ends)."""
    lang = ui.lang()
    if not user.can(SETTINGS):
        return
    low, high = reporting.DEADLINE_DAYS_RANGE
    with st.form("deadline_setting"):
        days = st.number_input(
            t(lang, "cycle.deadline_days"), min_value=low, max_value=high, step=1,
            value=reporting.deadline_days(ui.reader()), key="deadline_days",
        )  # fmt: skip
        if st.form_submit_button(t(lang, "cycle.deadline_save")):
            _step(reporting.set_deadline_days, user, int(days))


def section(user: Any, member: str | None, today: date) -> None:
    """The whole reporting-cycle section of the Data page, for what the user may do."""
    lang = ui.lang()
    st.subheader(t(lang, "cycle.title"))
    if "cycle_done" in st.session_state:
        st.success(st.session_state.pop("cycle_done"))
    if member and (user.can(SUBMIT, member) or user.can(EXPLANATIONS, member)) and user.role == "focal_point":
        focal_point_calendar(user, member, today)
    if user.can(REVIEW):
        network_review(user, today)
    deadline_setting(user)
