"""Who may do what. Reading is public; writing needs a signed-in user with a role.

- focal point: their own member's values, events and milestones;
- evaluator: every member's project assessments;
- administrator: everything, including members, indicators and users.

The rules are enforced here, by the functions that write, not only by the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from mel import sql
from mel.db import Reader, write_connection

ROLES = ("focal_point", "evaluator", "administrator")
# action -> roles allowed; "member data" also requires a focal point's own member
MEMBER_DATA = "member_data"  # observations, participation events, milestone updates
ASSESSMENTS = "assessments"
MEMBERS = "members"
USERS = "users"
_HASHER = PasswordHasher()


class PermissionDenied(PermissionError):
    """The user may not do this; the message says why."""


class AuthError(ValueError):
    """Unknown user, wrong password, or an invalid user definition."""


@dataclass(frozen=True)
class User:
    """A signed-in user."""

    username: str
    role: str
    member_code: str | None = None
    display_name: str | None = None

    def can(self, action: str, member_code: str | None = None) -> bool:
        """Whether this user may do ``action`` (for ``member_code`` where it matters)."""
        if self.role == "administrator":
            return True
        if action == MEMBER_DATA:
            return self.role == "focal_point" and member_code is not None and member_code == self.member_code
        if action == ASSESSMENTS:
            return self.role == "evaluator"
        return False

    def require(self, action: str, member_code: str | None = None) -> None:
        """Raise PermissionDenied unless the user may do ``action``."""
        if not self.can(action, member_code):
            where = f" for {member_code}" if member_code else ""
            raise PermissionDenied(f"{self.username} ({self.role}) may not write {action}{where}")


# The operator running ``python -m mel`` on the server already holds the database file.
COMMAND_LINE = User(username="cli", role="administrator", display_name="command line")


def add_user(
    username: str,
    password: str,
    role: str,
    member_code: str | None = None,
    display_name: str | None = None,
    master: Path | None = None,
) -> User:
    """Create a user with an Argon2id password hash."""
    if role not in ROLES:
        raise AuthError(f"role must be one of {ROLES}")
    if role == "focal_point" and not member_code:
        raise AuthError("a focal point needs the HCP code of their member (--member)")
    if len(password) < 8:
        raise AuthError("the password must have at least 8 characters")
    with write_connection(master) as con:
        if member_code and not con.execute(sql.load("auth_member_exists"), {"member": member_code}).fetchone():
            raise AuthError(f"{member_code} is not a member")
        if con.execute(sql.load("auth_user_exists"), {"username": username}).fetchone():
            raise AuthError(f"user {username!r} already exists")
        con.execute(
            sql.load("auth_insert_user"),
            {
                "username": username,
                "display_name": display_name,
                "password_hash": _HASHER.hash(password),
                "role": role,
                "member": member_code,
            },
        )
    return User(username, role, member_code, display_name)


def remove_user(username: str, master: Path | None = None) -> None:
    """Deactivate a user (kept, so that the history still names who recorded what)."""
    with write_connection(master) as con:
        found = con.execute(sql.load("auth_active_user_exists"), {"username": username}).fetchone()
        if not found:
            raise AuthError(f"no active user {username!r}")
        con.execute(sql.load("auth_deactivate_user"), {"username": username})


def list_users(master: Path | None = None) -> list[dict[str, object]]:
    """Active users, without their password hashes."""
    reader = Reader(master)
    try:
        cur = reader.cursor()
        rows = cur.execute(sql.load("auth_list_users")).fetchall()
    finally:
        reader.close()
    keys = ("username", "display_name", "role", "member_code", "created_at")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def authenticate(username: str, password: str, reader: Reader) -> User:
    """The user if the password matches; AuthError otherwise (same message either way)."""
    cur = reader.cursor()
    try:
        row = cur.execute(sql.load("auth_find_user"), {"username": username}).fetchone()
    finally:
        cur.close()
    if row is None:
        _HASHER.hash(password)  # same work whether or not the user exists
        raise AuthError("unknown user or wrong password")
    try:
        _HASHER.verify(row[0], password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise AuthError("unknown user or wrong password") from None
    return User(username, row[1], row[2], row[3])


def user_by_email(email: str, reader: Reader) -> User | None:
    """The active user whose username is this e-mail (for OpenID Connect sign-in with st.login)."""
    cur = reader.cursor()
    try:
        row = cur.execute(sql.load("auth_user_by_email"), {"email": email}).fetchone()
    finally:
        cur.close()
    return None if row is None else User(*row)
