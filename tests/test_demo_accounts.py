"""The demo database's accounts: made by ``mel init`` with demo data only, their passwords printed once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mel import auth, build, demo_accounts
from mel.__main__ import main
from mel.db import Reader


def test_demo_accounts_sign_in_with_their_printed_password(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `mel init` itself, with the build replaced: the demo database is the fixture's copy
    monkeypatch.setenv("MEL_DB", str(fresh_db))
    monkeypatch.setattr(build, "build", lambda *args, **kwargs: fresh_db)
    assert main(["init", "--force"]) == 0
    printed = dict(re.findall(r"^  (demo-\S+)\s+(\S+)", capsys.readouterr().out, re.MULTILINE))
    assert set(printed) == {"demo-admin", "demo-kenitra"}
    for username, password in printed.items():
        session = auth.sign_in(username, password, "test-client", Reader(fresh_db))
        assert session.user.username == username
    roles = {u["username"]: (u["role"], u["member_code"]) for u in auth.list_users(fresh_db)}
    assert roles["demo-admin"] == ("administrator", None)
    assert roles["demo-kenitra"] == ("focal_point", demo_accounts.KENITRA)


def test_an_empty_database_has_no_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.duckdb"
    monkeypatch.setenv("MEL_DB", str(path))
    monkeypatch.setenv("MEL_STORE", "embedded")
    assert main(["init", "--empty"]) == 0
    assert "demo-" not in capsys.readouterr().out
    assert auth.list_users(path) == []
