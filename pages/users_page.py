"""Users and roles: sign in and out, who you are, what each role may do, and the accounts."""

import pandas as pd
import streamlit as st

import ui
from mel import auth, i18n, roles, vocabulary
from mel.i18n import t
from ui import intake, signin


def heading(label: str) -> str:
    """A label as a column's heading: its first letter a capital (the catalogs' role names are in lower case)."""
    return label[:1].upper() + label[1:]


lang = ui.lang()

st.title(t(lang, "users.title"))
st.caption(t(lang, "users.subtitle"))
user = signin.user_or_form(lang)
labels = intake.member_labels(lang, ui.today())
if user is not None and user.member_code:
    st.markdown(t(lang, "users.member", member=labels.get(user.member_code, user.member_code)))

st.subheader(t(lang, "users.roles_title"))
st.caption(t(lang, "users.roles_help"))
ui.table(
    pd.DataFrame(
        [
            {
                t(lang, "users.action"): t(lang, f"users.action.{action}"),
                **{
                    heading(vocabulary.ROLES.label(lang, role)): t(lang, f"users.may.{may}")
                    for role, may in allowed.items()
                },
            }
            for action, allowed in roles.permissions()
        ]
    ),
    height=None,
)

if user is not None and user.can(auth.USERS):
    st.subheader(t(lang, "users.accounts_title"))
    st.caption(t(lang, "users.accounts_help"))
    accounts = pd.DataFrame(
        auth.list_users(ui.reader_on(None).master),
        columns=["username", "display_name", "role", "member_code", "created_at"],
    )
    ui.table(
        pd.DataFrame(
            {
                t(lang, "users.col.username"): accounts["username"],
                t(lang, "users.col.display_name"): accounts["display_name"].fillna(""),
                t(lang, "users.col.role"): accounts["role"].map(lambda r: vocabulary.ROLES.label(lang, r)),
                t(lang, "users.col.member"): accounts["member_code"].map(lambda c: labels.get(c, c) if c else ""),
                t(lang, "users.col.created_on"): [
                    i18n.day(lang, pd.Timestamp(d).date()) if pd.notna(d) else "" for d in accounts["created_at"]
                ],
            }
        )
    )
