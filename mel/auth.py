"""Who may do what. Reading is public; writing needs a signed-in user with a role.

- focal point: their own member's values, events, milestones, quarters submitted, comments and evidence;
- evaluator: every member's project assessments, and the review of reported quarters;
- administrator: everything, including members, indicators and users.

The rules are enforced here, by the functions that write, not only by the pages, and the
account is read again inside every write transaction (``recheck``). Password hashes and
sign-in throttling live in the accounts store (``mel.accounts``), not in the database.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from mel import accounts, sql, vocabulary
from mel.db import Reader, write_connection
from mel.paths import db_path

ROLES = vocabulary.ROLES.codes
# action -> roles allowed; "member data" also requires a focal point's own member
MEMBER_DATA = "member_data"  # observations, participation events, milestone updates
ASSESSMENTS = "assessments"
MEMBERS = "members"
USERS = "users"
# The reporting cycle: a focal point submits their own member's quarter and explains its values;
# an evaluator reviews (approves, returns, reopens) any member's quarter and comments on it.
SUBMIT = "submit"
REVIEW = "review"
EXPLANATIONS = "explanations"  # comments, evidence and learning notes
SETTINGS = "settings"  # network settings such as the reporting deadline: administrators only
_HASHER = PasswordHasher()
# A session signed in but unused for this long must sign in again.
IDLE_TIMEOUT_SECONDS = 30 * 60


class PermissionDenied(Exception):
    """The user may not do this; the message says why."""


class AuthError(ValueError):
    """Unknown user, wrong password, or an invalid user definition."""


@dataclass(frozen=True)
class User:
    """A signed-in user. ``operator`` is the person running the command line on the server."""

    username: str
    role: str
    member_code: str | None = None
    display_name: str | None = None
    operator: bool = False

    def can(self, action: str, member_code: str | None = None) -> bool:
        """Whether this user may do ``action`` (for ``member_code`` where it matters)."""
        if self.role == "administrator":
            return True
        if action == MEMBER_DATA:
            return self.role == "focal_point" and member_code is not None and member_code == self.member_code
        if action in (ASSESSMENTS, REVIEW):
            return self.role == "evaluator"
        if action == SUBMIT:
            return self.role == "focal_point" and member_code is not None and member_code == self.member_code
        if action == EXPLANATIONS:
            own = member_code is not None and member_code == self.member_code
            return self.role == "evaluator" or (self.role == "focal_point" and own)
        return False

    def require(self, action: str, member_code: str | None = None) -> None:
        """Raise PermissionDenied unless the user may do ``action``."""
        if not self.can(action, member_code):
            where = f" for {member_code}" if member_code else ""
            raise PermissionDenied(f"{self.username} ({self.role}) may not write {action}{where}")


# The operator running ``python -m mel`` on the server already holds the database file.
COMMAND_LINE = User(username="cli", role="administrator", display_name="command line", operator=True)


def command_line(name: str | None) -> User:
    """The operator, recorded under ``name`` when given (``--by``)."""
    return replace(COMMAND_LINE, username=name) if name else COMMAND_LINE


def recheck(con: duckdb.DuckDBPyConnection, user: User) -> User:
    """The user as the database has them now, inside a write transaction.

    A session keeps its user for as long as it lives; the account may have been removed, or its
    role or member changed, since. Every write re-reads it here and uses what it finds.
    """
    if user.operator:
        return user
    row = con.execute(sql.load("accounts/users_write:find_user"), {"username": user.username}).fetchone()
    if row is None:
        raise PermissionDenied(f"{user.username} is no longer an active user")
    return User(user.username, row[0], row[1], row[2])


def _validate_password(password: str) -> None:
    if len(password) < 8:
        raise AuthError("the password must have at least 8 characters")


def add_user(
    username: str,
    password: str,
    role: str,
    member_code: str | None = None,
    display_name: str | None = None,
    master: Path | None = None,
) -> User:
    """Create a user; the Argon2id password hash goes to the accounts store, not the database."""
    if role not in ROLES:
        raise AuthError(f"role must be one of {ROLES}")
    if role == "focal_point" and not member_code:
        raise AuthError("a focal point needs the HCP code of their member (--member)")
    _validate_password(password)
    master = Path(master or db_path())
    with write_connection(master) as con:
        if (
            member_code
            and not con.execute(sql.load("accounts/users_write:member_exists"), {"member": member_code}).fetchone()
        ):
            raise AuthError(f"{member_code} is not a member")
        if con.execute(sql.load("accounts/users_write:active_user_exists"), {"username": username}).fetchone():
            raise AuthError(f"user {username!r} already exists")
        # A removed user added again is the same person: their row (and history) is reactivated.
        known = con.execute(sql.load("accounts/users_write:user_exists"), {"username": username}).fetchone()
        con.execute(
            sql.load("accounts/users_write:reactivate_user" if known else "accounts/users_write:insert_user"),
            {"username": username, "display_name": display_name, "role": role, "member": member_code},
        )
        accounts.set_password_hash(master, username, _HASHER.hash(password))
    return User(username, role, member_code, display_name)


def set_password(username: str, password: str, master: Path | None = None) -> None:
    """Change a user's password; every session they have open ends."""
    _validate_password(password)
    master = Path(master or db_path())
    if accounts.credentials(master, username) is None:
        raise AuthError(f"no active user {username!r}")
    accounts.set_password_hash(master, username, _HASHER.hash(password))


def remove_user(username: str, master: Path | None = None) -> None:
    """Deactivate a user (kept, so that the history still names who recorded what); sessions end."""
    master = Path(master or db_path())
    with write_connection(master) as con:
        found = con.execute(sql.load("accounts/users_write:active_user_exists"), {"username": username}).fetchone()
        if not found:
            raise AuthError(f"no active user {username!r}")
        con.execute(sql.load("accounts/users_write:deactivate_user"), {"username": username})
        # Before COMMIT, so that a failed commit leaves the user as they were only at worst
        # unable to sign in: never a removed user who still can.
        accounts.remove(master, username)


def unlock_user(username: str, master: Path | None = None) -> bool:
    """Lift the lock set after too many failed sign-ins; returns whether it was locked."""
    return accounts.unlock(Path(master or db_path()), username)


def list_users(master: Path | None = None) -> list[dict[str, object]]:
    """Active users (no password hashes: those never leave the accounts store)."""
    reader = Reader(master)
    try:
        cur = reader.cursor()
        rows = cur.execute(sql.load("accounts/users_write:list_users")).fetchall()
    finally:
        reader.close()
    keys = ("username", "display_name", "role", "member_code", "created_at")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _active_user(reader: Reader, username: str) -> User | None:
    cur = reader.cursor()
    try:
        row = cur.execute(sql.load("accounts/users_write:find_user"), {"username": username}).fetchone()
    finally:
        cur.close()
    return None if row is None else User(username, row[0], row[1], row[2])


@dataclass(frozen=True)
class Session:
    """A signed-in user in one browser: who, since which password, from which client, last seen when."""

    user: User
    stamp: float  # when the password in use was set
    client: str  # the browser it was opened from (address and user agent)
    last_seen: float


def sign_in(
    username: str, password: str, client: str, reader: Reader, now: float | None = None, address: str | None = None
) -> Session:
    """Check a password, throttled per account and per client; the session, or an error.

    Raises accounts.Throttled or accounts.AccountLocked before any hashing when the account or
    the client has failed too often, and AuthError (the same message whether or not the user
    exists) for a wrong password.
    """
    now = time.time() if now is None else now
    address = address or client
    master = reader.master
    accounts.check_allowed(master, username, address, now)
    found = accounts.credentials(master, username)
    user = _active_user(reader, username) if found else None
    if found is None or user is None:
        _HASHER.hash(password)  # same work whether or not the user exists
        accounts.record_attempt(master, username, address, False, now)
        raise AuthError("unknown user or wrong password")
    try:
        _HASHER.verify(found[0], password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        accounts.record_attempt(master, username, address, False, now)
        raise AuthError("unknown user or wrong password") from None
    accounts.record_attempt(master, username, address, True, now)
    return Session(user, found[1], client, now)


def authenticate(username: str, password: str, reader: Reader, client: str = "local") -> User:
    """The user if the password matches (throttled like every sign-in); AuthError otherwise."""
    return sign_in(username, password, client, reader).user


def resume(session: Session, client: str, reader: Reader, now: float | None = None) -> Session | None:
    """The session, refreshed, if it still holds; None if it has ended.

    It ends after ``IDLE_TIMEOUT_SECONDS`` without use, when used from another browser than the
    one that signed in, when the user is removed or locked, and when their password changes.
    The user's role and member are re-read, so a change applies at the next page run.
    """
    now = time.time() if now is None else now
    if client != session.client or now - session.last_seen > IDLE_TIMEOUT_SECONDS:
        return None
    if accounts.standing(reader.master, session.user.username) != session.stamp:
        return None
    user = _active_user(reader, session.user.username)
    if user is None:
        return None
    return replace(session, user=user, last_seen=now)


def user_by_email(email: str, reader: Reader) -> User | None:
    """The active user whose username is this e-mail (for OpenID Connect sign-in with st.login)."""
    cur = reader.cursor()
    try:
        row = cur.execute(sql.load("accounts/users_write:user_by_email"), {"email": email}).fetchone()
    finally:
        cur.close()
    return None if row is None else User(*row)
