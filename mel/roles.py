"""What each role may do, read from the rules that writes enforce (``mel.auth.User.can``)."""

from __future__ import annotations

from mel import auth

# Every action a write checks, from a member's own data to the network's settings.
ACTIONS = (
    auth.MEMBER_DATA,
    auth.SUBMIT,
    auth.EXPLANATIONS,
    auth.ASSESSMENTS,
    auth.REVIEW,
    auth.MEMBERS,
    auth.USERS,
    auth.SETTINGS,
)
MAY = ("yes", "own", "no")  # for every member, for the user's own member only, not at all


def may(role: str, action: str) -> str:
    """Whether ``role`` may do ``action``: "yes" (for any member), "own" (its own member only) or "no"."""
    user = auth.User("someone", role, member_code="own member")
    if user.can(action, "another member"):
        return "yes"
    return "own" if user.can(action, "own member") else "no"


def permissions() -> list[tuple[str, dict[str, str]]]:
    """Every action with what each role may do (``may``), roles in their usual order."""
    return [(action, {role: may(role, action) for role in auth.ROLES}) for action in ACTIONS]
