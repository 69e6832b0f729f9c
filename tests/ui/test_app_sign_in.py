"""The app's non-interactive sign-in (``--user`` / ``--password-env``) and its argument checks."""

from __future__ import annotations

import pytest

from desktop_app import app
from tests.ui.ward import PASSWORDS, Ward, ward

__all__ = ["ward"]  # the fixture


@pytest.mark.parametrize("argv", [
    ["--password-env", "VAR"],  # no --user
    ["--user", "pt"],  # no password source (only the demo has a published one)
    ["--screenshot", "x.png"],  # nobody to sign in as
    ["--demo", "--lock-minutes", "0"],
])
def test_argument_checks(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        app._arguments(argv)
    assert caught.value.code == 2


def test_lock_minutes_default_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REHAB_LOCK_MINUTES", raising=False)
    assert app._arguments([]).lock_minutes == app.DEFAULT_LOCK_MINUTES == 10
    monkeypatch.setenv("REHAB_LOCK_MINUTES", "2.5")
    assert app._arguments([]).lock_minutes == 2.5
    monkeypatch.setenv("REHAB_LOCK_MINUTES", "ten")
    with pytest.raises(SystemExit):
        app._arguments([])


def test_user_and_password_from_the_environment(ward: Ward, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    args = app._arguments(["--user", "pt", "--password-env", "WARD_PW"])
    monkeypatch.setenv("WARD_PW", PASSWORDS["pt"])
    user = app._non_interactive_sign_in(args, ward.runner)
    assert not isinstance(user, int) and user.user_id == ward.archive.therapist
    monkeypatch.setenv("WARD_PW", "wrong-password")
    assert app._non_interactive_sign_in(args, ward.runner) == 1
    assert "用户名或密码错误" in capsys.readouterr().err
    monkeypatch.delenv("WARD_PW")
    assert app._non_interactive_sign_in(args, ward.runner) == 2
    assert [e.details["reason"] for e in ward.events("login_failed")] == ["wrong_password"]
