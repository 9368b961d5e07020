"""Signing in, once for every page of a browser session: the session lives in
``st.session_state["session"]`` and ``ui.signed_in_user`` checks it again on every run."""

from __future__ import annotations

from typing import Any

import streamlit as st

import ui
from mel import accounts, auth, i18n
from mel.db import DatabaseMissing
from mel.i18n import t


def form(lang: str) -> None:
    """The sign-in form; a success reruns the page, signed in."""
    st.subheader(t(lang, "data.sign_in_title"))
    st.caption(t(lang, "data.sign_in_help"))
    address, fingerprint = ui.client()
    with st.form("sign_in"):
        username = st.text_input(t(lang, "data.username"), key="sign_in_username")
        password = st.text_input(t(lang, "data.password"), type="password", key="sign_in_password")
        if st.form_submit_button(t(lang, "data.sign_in")):
            try:
                st.session_state["session"] = auth.sign_in(
                    username, password, fingerprint, ui.reader_on(None), address=address
                )
                st.rerun()
            except accounts.Throttled as throttled:
                st.error(t(lang, "data.sign_in_throttled", seconds=i18n.number(lang, throttled.retry_after)))
            except accounts.AccountLocked:
                st.error(t(lang, "data.sign_in_locked"))
            except (auth.AuthError, DatabaseMissing):
                st.error(t(lang, "data.sign_in_failed"))


def _sign_out() -> None:
    st.session_state.pop("session", None)


def status(user: Any, lang: str) -> None:
    """Who is signed in, with which role, and a button to sign out (of every page)."""
    left, right = st.columns([4, 1], vertical_alignment="center")
    name = user.display_name or user.username
    left.success(t(lang, "data.signed_in", user=name, role=t(lang, f"role.{user.role}")))
    right.button(t(lang, "data.sign_out"), key="sign_out", on_click=_sign_out, icon=":material/logout:")


def user_or_form(lang: str) -> Any:
    """The signed-in user (``mel.auth.User``), shown with a way to sign out; else the sign-in form
    (on a past day, ``?as_of=``, only a line saying nothing can be written) and None."""
    user = ui.signed_in_user()
    if user is not None:
        status(user, lang)
    elif ui.read_only():
        ui.writes_off()
    else:
        form(lang)
    return user


def required(lang: str) -> Any:
    """The signed-in user; else the sign-in form, and the page stops there."""
    user = user_or_form(lang)
    if user is None:
        st.stop()
    return user
