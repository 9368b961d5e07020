"""The demo database's accounts: one administrator and Kénitra's focal point, each with a new password.

Only a database built with demo data gets them (``mel init``, ``mel init --demo``); an empty
database (``mel init --empty``), the one a network deploys, starts with no account at all. The
passwords are drawn at random for each build and shown once, by the command that built it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from mel import auth

KENITRA = "04.281.01.01"


@dataclass(frozen=True)
class DemoAccount:
    """A demo account as the build prints it."""

    username: str
    role: str
    member_code: str | None
    display_name: str
    password: str


def create(master: Path) -> list[DemoAccount]:
    """Add the demo accounts to the database at ``master``, each with a fresh random password."""
    wanted = [
        ("demo-admin", "administrator", None, "Demo administrator"),
        ("demo-kenitra", "focal_point", KENITRA, "Demo focal point, Kénitra"),
    ]
    made = []
    for username, role, member, name in wanted:
        password = secrets.token_urlsafe(12)
        auth.add_user(username, password, role, member, name, master=master)
        made.append(DemoAccount(username, role, member, name, password))
    return made
