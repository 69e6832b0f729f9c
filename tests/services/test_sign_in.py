"""Signing in, the lock screen's events, the first administrator and user administration,
on both engines."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from desktop_app.db.models import AuditEvent, StaffUser
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.admin import accounts, sign_in
from desktop_app.services.core.permissions import PermissionDenied
from desktop_app.services.core.uow import UnitOfWork
from tests.archive_fixture import Archive

PASSWORD = "ward-pc-2026"


def events(engine: Engine, action: str) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                    .order_by(AuditEvent.id)))


def give_password(archive: Archive, user_id: int, password: str = PASSWORD) -> None:
    with archive.uow(archive.admin) as u:
        accounts.set_password(u, user_id, password, hasher=accounts.DEMO_HASHER)


def staff_count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(StaffUser)) or 0


def test_sign_in_audits_the_login_as_the_user(archive: Archive, engine: Engine) -> None:
    give_password(archive, archive.therapist)
    with archive.uow() as u:
        who = sign_in.sign_in(u, " pt ", PASSWORD)
    assert who == sign_in.SignedIn(archive.therapist, "pt", "李治疗师", "therapist")
    assert who.role_label == "治疗师"
    [login] = events(engine, "login")
    assert login.actor_id == archive.therapist and login.record_id == archive.therapist


@pytest.mark.parametrize("username, password, reason", [
    ("pt", "wrong-password", "wrong_password"),
    ("nobody", PASSWORD, "unknown_user"),
    ("doc", PASSWORD, "no_password"),  # staff without a password cannot sign in
])
def test_failed_sign_in_is_audited_without_saying_which_was_wrong(
        archive: Archive, engine: Engine, username: str, password: str, reason: str) -> None:
    give_password(archive, archive.therapist)
    with archive.uow() as u, pytest.raises(sign_in.SignInRefused) as caught:
        sign_in.sign_in(u, username, password)
    assert (caught.value.zh, caught.value.en) == sign_in.WRONG_CREDENTIALS
    assert "用户名或密码错误" in str(caught.value) and "Wrong username or password" in str(caught.value)
    [failed] = events(engine, "login_failed")  # committed although the sign-in raised
    assert failed.actor_id is None
    assert failed.details == {"username": username, "reason": reason, "context": "login"}
    assert password not in json.dumps(failed.details, ensure_ascii=False)
    assert events(engine, "login") == []


def test_deactivated_staff_cannot_sign_in_until_reactivated(archive: Archive, engine: Engine) -> None:
    give_password(archive, archive.therapist)
    with archive.uow(archive.admin) as u:
        accounts.deactivate(u, archive.therapist)
    with archive.uow() as u, pytest.raises(sign_in.SignInRefused, match="停用"):
        sign_in.sign_in(u, "pt", PASSWORD)
    with archive.uow() as u, pytest.raises(sign_in.SignInRefused) as caught:
        sign_in.sign_in(u, "pt", "wrong-password")  # a wrong password says nothing more
    assert caught.value.zh == sign_in.WRONG_CREDENTIALS[0]
    assert [e.details["reason"] for e in events(engine, "login_failed")] == [
        "inactive", "wrong_password"]
    [change] = [e for e in events(engine, "update") if e.record_type == "staff_user"
                and "active" in e.details["changes"]]
    assert change.actor_id == archive.admin
    assert change.details["changes"]["active"] == {"old": True, "new": False}
    with archive.uow(archive.admin) as u:
        accounts.reactivate(u, archive.therapist)
    with archive.uow() as u:
        assert sign_in.sign_in(u, "pt", PASSWORD).user_id == archive.therapist


def test_only_an_administrator_deactivates_and_never_themselves(
        archive: Archive, engine: Engine) -> None:
    with archive.uow(archive.physician) as u, pytest.raises(PermissionDenied):
        accounts.deactivate(u, archive.therapist)
    assert events(engine, "denied")[-1].details["action"] == "user.manage"
    with archive.uow(archive.admin) as u, pytest.raises(UserError, match="自己"):
        accounts.deactivate(u, archive.admin)
    with archive.uow(archive.admin) as u, pytest.raises(UserError, match="找不到"):
        accounts.reactivate(u, 9999)


def test_lock_unlock_and_sign_out_are_audited(archive: Archive, engine: Engine) -> None:
    with archive.uow(archive.therapist) as u:
        sign_in.record_lock(u, idle=True)
    with archive.uow(archive.therapist) as u:
        sign_in.record_unlock(u)
    with archive.uow(archive.therapist) as u:
        sign_in.record_sign_out(u, reason="switch_user")
    for action, details in (("lock", {"reason": "idle"}), ("unlock", {}),
                            ("logout", {"reason": "switch_user"})):
        [event] = events(engine, action)
        assert (event.actor_id, event.record_id, event.details) == (
            archive.therapist, archive.therapist, details)
    with archive.uow() as u, pytest.raises(UserError):
        sign_in.record_lock(u)


def test_at_the_lock_screen_the_same_user_unlocks_and_another_signs_in(
        archive: Archive, engine: Engine) -> None:
    give_password(archive, archive.therapist)
    give_password(archive, archive.physician, "doctor-pass-1")
    with archive.uow(archive.therapist) as u, pytest.raises(sign_in.SignInRefused):
        sign_in.unlock(u, "pt", "wrong-password")
    assert events(engine, "login_failed")[0].details["context"] == "lock_screen"
    with archive.uow(archive.therapist) as u:
        assert sign_in.unlock(u, "pt", PASSWORD).user_id == archive.therapist
    [unlocked] = events(engine, "unlock")
    assert unlocked.actor_id == archive.therapist
    with archive.uow(archive.therapist) as u:
        other = sign_in.unlock(u, "doc", "doctor-pass-1")
    assert other.user_id == archive.physician
    [login] = events(engine, "login")
    assert login.actor_id == archive.physician
    assert login.details == {"username": "doc", "at_lock_screen_of": archive.therapist}


def test_first_administrator_once_only(uow: Callable[..., UnitOfWork], engine: Engine) -> None:
    assert sign_in.needs_first_administrator(engine)
    with Session(engine) as session:
        assert sign_in.needs_first_administrator(session)
    with uow() as u:
        admin = sign_in.create_first_administrator(u, "chief", "院办管理员", "first-admin-1")
    assert admin.role == "admin" and admin.display_name == "院办管理员"
    assert not sign_in.needs_first_administrator(engine)
    with uow() as u:
        assert sign_in.sign_in(u, "chief", "first-admin-1") == admin
    with uow() as u, pytest.raises(UserError, match="已存在"):
        sign_in.create_first_administrator(u, "second", "第二个", "first-admin-2")
    with uow(admin.user_id) as u, pytest.raises(UserError, match="已存在"):
        sign_in.create_first_administrator(u, "third", "第三个", "first-admin-3")
    assert staff_count(engine) == 1
    creates = [e for e in events(engine, "create") if e.record_type == "staff_user"]
    assert len(creates) == 1 and creates[0].actor_id is None
    assert creates[0].details["new"]["password_hash"] in ("<set>", None)
    with Session(engine) as session:
        stored = session.get(StaffUser, admin.user_id)
        assert stored is not None and stored.password_hash
        assert "first-admin-1" not in stored.password_hash


def test_a_refused_first_administrator_leaves_nothing(
        uow: Callable[..., UnitOfWork], engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    with uow() as u, pytest.raises(ValidationFailed, match="密码至少"):
        sign_in.create_first_administrator(u, "chief", "院办管理员", "short")
    with uow() as u, pytest.raises(ValidationFailed, match="用户名和姓名不能为空"):
        sign_in.create_first_administrator(u, "chief", " ", "long-enough-1")

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(accounts, "set_password", broken)  # fails after the staff row is added
    with uow() as u, pytest.raises(RuntimeError):
        sign_in.create_first_administrator(u, "chief", "院办管理员", "long-enough-1")
    assert staff_count(engine) == 0
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0
    assert sign_in.needs_first_administrator(engine)


def test_password_confirmation() -> None:
    assert sign_in.confirmation_errors("long-enough-1", "long-enough-1") == []
    assert [e.key for e in sign_in.confirmation_errors("long-enough-1", "long-enough-2")] == [
        "password_confirmation"]
    assert [e.key for e in sign_in.confirmation_errors("short", "short")] == ["password"]


def test_administrator_lists_and_adds_staff(archive: Archive, engine: Engine) -> None:
    with archive.uow(archive.admin) as u:
        lines = sign_in.staff_list(u)
    assert [s.username for s in lines] == ["admin", "doc", "pt", "ro", "pta"]
    assistant = next(s for s in lines if s.username == "pta")
    assert assistant.supervisor_name == "李治疗师" and not assistant.has_password
    assert [s.username for s in sign_in.supervisors(lines)] == ["doc", "pt"]
    with archive.uow(archive.admin) as u:
        new_id = sign_in.create_account(u, "pta2", "钱助理", "assistant", "assistant-pw-1",
                                        supervisor_id=archive.therapist)
    with archive.uow() as u:
        assert sign_in.sign_in(u, "pta2", "assistant-pw-1").user_id == new_id
    before = staff_count(engine)
    with archive.uow(archive.admin) as u, pytest.raises(ValidationFailed, match="上级"):
        sign_in.create_account(u, "pta3", "周助理", "assistant", "assistant-pw-1")
    with archive.uow(archive.admin) as u, pytest.raises(ValidationFailed, match="密码至少"):
        sign_in.create_account(u, "pt2", "吴治疗师", "therapist", "short")
    assert staff_count(engine) == before


def test_non_administrators_are_refused_user_administration(archive: Archive,
                                                            engine: Engine) -> None:
    for actor in (archive.physician, archive.therapist, archive.officer, archive.assistant):
        with archive.uow(actor) as u, pytest.raises(PermissionDenied, match="无权管理用户"):
            sign_in.staff_list(u)
    with archive.uow(archive.officer) as u, pytest.raises(PermissionDenied):
        sign_in.create_account(u, "x1", "某人", "therapist", "long-enough-1")
    with archive.uow(archive.officer) as u, pytest.raises(PermissionDenied):
        accounts.set_password(u, archive.therapist, "long-enough-1")
    assert len(events(engine, "denied")) == 6
