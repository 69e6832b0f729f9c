"""Signing in and out on shared ward PCs, the lock screen's audit events, and the first
administrator.

Every attempt is audited: ``login`` on success (by the user who signed in), ``login_failed``
with the username tried (never the password) on failure. The message for a failed attempt
never says whether the username or the password was wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, aliased

from desktop_app.db.models import StaffUser
from desktop_app.domain.permissions import ROLE_LABELS
from desktop_app.domain.vocabulary import Action, Role
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.admin import accounts, setup
from desktop_app.services.core import audit
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case

STAFF_RECORD = "staff_user"
USERNAME_KEPT = 100  # characters of a tried username kept in the audit trail
FIRST_ADMIN_LOCK_KEY = 0x7265_6861_6661  # "rehafa": PostgreSQL advisory lock, first admin
SUPERVISOR_ROLES = frozenset({Role.PHYSICIAN, Role.THERAPIST})  # the roles that may co-sign
WRONG_CREDENTIALS = ("用户名或密码错误。", "Wrong username or password.")


@dataclass(frozen=True)
class SignedIn:
    """Who is working at this PC."""

    user_id: int
    username: str
    display_name: str
    role: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, (self.role, self.role))[0]


@dataclass(frozen=True)
class StaffLine:
    """One row of the staff list (user administration)."""

    id: int
    username: str
    display_name: str
    role: str
    licence_number: str | None
    supervisor_id: int | None
    supervisor_name: str | None
    active: bool
    has_password: bool


class SignInRefused(UserError):
    """Wrong username or password, or an account that may not sign in."""


@cache
def _dummy_hash() -> str:
    # Checked against when the username is unknown, so that a wrong username takes as long
    # as a wrong password and timing does not tell which one it was: made like a real
    # account's hash.
    return accounts.password_hasher.hash("no such user / 无此用户")


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return PasswordHasher().verify(password_hash or _dummy_hash(), password) and bool(
            password_hash)
    except (VerificationError, InvalidHashError):
        return False


def _authenticate(uow: UnitOfWork, username: str, password: str, context: str) -> StaffUser:
    """The active staff member with these credentials; otherwise audit ``login_failed``
    (committed) and raise."""
    tried = username.strip()
    user = uow.session.scalars(select(StaffUser).where(StaffUser.username == tried)).first()
    ok = _verify(user.password_hash if user else None, password)
    if user is not None and ok and user.active:
        return user
    if user is None:
        reason = "unknown_user"
    elif not user.password_hash:
        reason = "no_password"
    elif not ok:
        reason = "wrong_password"
    else:
        reason = "inactive"
    audit.record_event(uow.session, "login_failed", STAFF_RECORD, user.id if user else None,
                       details={"username": tried[:USERNAME_KEPT], "reason": reason,
                                "context": context})
    uow.commit()
    if reason == "inactive":  # only said once the password was right
        raise SignInRefused("该账户已停用，请联系系统管理员。",
                            "This account is deactivated; ask the administrator.")
    raise SignInRefused(*WRONG_CREDENTIALS)


def _signed_in(user: StaffUser) -> SignedIn:
    return SignedIn(user.id, user.username, user.display_name, user.role)


def _record_as(uow: UnitOfWork, actor_id: int, action: str, details: dict[str, object]) -> None:
    """Audit ``action`` by ``actor_id`` in a unit of work of its own."""
    with UnitOfWork(uow.engine, clock=uow.clock, actor_id=actor_id) as own:
        audit.record_event(own.session, action, STAFF_RECORD, actor_id, details=details)
        own.commit()


def sign_in(uow: UnitOfWork, username: str, password: str) -> SignedIn:
    """Check the credentials; audit ``login`` (by that user) or ``login_failed``."""
    user = _authenticate(uow, username, password, "login")
    who = _signed_in(user)
    _record_as(uow, who.user_id, "login", {"username": who.username})
    return who


def unlock(uow: UnitOfWork, username: str, password: str) -> SignedIn:
    """At the lock screen of ``uow.actor_id``'s session: the same user unlocks (``unlock``),
    another user signs in (``login``, with the locked user named)."""
    user = _authenticate(uow, username, password, "lock_screen")
    who = _signed_in(user)
    if who.user_id == uow.actor_id:
        _record_as(uow, who.user_id, "unlock", {})
    else:
        _record_as(uow, who.user_id, "login", {"username": who.username,
                                                "at_lock_screen_of": uow.actor_id})
    return who


def _record_own(uow: UnitOfWork, action: str, details: dict[str, object] | None = None) -> None:
    if uow.actor_id is None:
        raise UserError("未登录。", "Nobody is signed in.")
    audit.record_event(uow.session, action, STAFF_RECORD, uow.actor_id, details=details or {})
    uow.commit()


def record_lock(uow: UnitOfWork, *, idle: bool = False) -> None:
    """The signed-in user's session was locked (by the idle timer or at once)."""
    _record_own(uow, "lock", {"reason": "idle" if idle else "asked"})


def record_unlock(uow: UnitOfWork) -> None:
    """The signed-in user unlocked their session (after re-entering the password)."""
    _record_own(uow, "unlock")


def record_sign_out(uow: UnitOfWork, *, reason: str = "quit") -> None:
    """The signed-in user's session ended (quit, or another user took over the PC)."""
    _record_own(uow, "logout", {"reason": reason})


# --- the first administrator -------------------------------------------------------------


def needs_first_administrator(db: Engine | Session) -> bool:
    """No active administrator exists: the archive must be given one before anyone signs in."""
    query = select(StaffUser.id).where(StaffUser.role == Role.ADMIN, StaffUser.active.is_(True))
    if isinstance(db, Session):
        return db.scalars(query.limit(1)).first() is None
    with Session(db) as session:
        return session.scalars(query.limit(1)).first() is None


def confirmation_errors(password: str, again: str) -> list[FieldError]:
    """The password's own rules, then whether it was typed the same twice."""
    errors = accounts.password_errors(password)
    if password != again:
        errors.append(FieldError("确认密码", "两次输入的密码不一致", "The two passwords differ",
                                 key="password_confirmation"))
    return errors


def create_first_administrator(uow: UnitOfWork, username: str, display_name: str,
                               password: str) -> SignedIn:
    """Create the archive's first administrator with a password, in one transaction. Refused
    once an active administrator exists."""
    if uow.session.get_bind().dialect.name == "postgresql":
        # Two PCs on their first run at once: the second waits, then finds the first's admin.
        uow.session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                            {"key": FIRST_ADMIN_LOCK_KEY})
    if uow.actor_id is not None or not needs_first_administrator(uow.session):
        raise UserError("系统管理员已存在；新用户由管理员在“用户管理”中添加。",
                        "An administrator exists already; an administrator adds new users.")
    raise_if_blocking(accounts.password_errors(password))
    with uow.atomic():
        staff_id = setup.add_staff(uow, username, display_name, Role.ADMIN)
        # The new administrator chooses their own password: it is set as theirs.
        uow.actor_id = staff_id
        try:
            accounts.set_password(uow, staff_id, password)
        finally:
            uow.actor_id = None
    user = uow.session.get(StaffUser, staff_id)
    assert user is not None
    return _signed_in(user)


# --- user administration --------------------------------------------------------------------


@use_case(Action.USER_MANAGE, commits=False)
def staff_list(uow: UnitOfWork) -> list[StaffLine]:
    """Every member of staff, active first, for the administrator."""
    supervisor = aliased(StaffUser)
    rows = uow.session.execute(
        select(StaffUser, supervisor.display_name)
        .join(supervisor, supervisor.id == StaffUser.supervisor_id, isouter=True)
        .order_by(StaffUser.active.desc(), StaffUser.id))
    return [StaffLine(s.id, s.username, s.display_name, s.role, s.licence_number,
                      s.supervisor_id, name, s.active, bool(s.password_hash))
            for s, name in rows]


def supervisors(lines: list[StaffLine]) -> list[StaffLine]:
    """Who may supervise a therapist assistant: active, licensed physicians and therapists."""
    return [s for s in lines if s.active and s.role in SUPERVISOR_ROLES and s.licence_number]


@use_case(Action.USER_MANAGE)
def create_account(uow: UnitOfWork, username: str, display_name: str, role: str, password: str,
                   *, licence_number: str | None = None,
                   supervisor_id: int | None = None) -> int:
    """Add a member of staff with their first password, in one transaction."""
    raise_if_blocking(accounts.password_errors(password))
    staff_id = setup.add_staff(uow, username, display_name, role,
                               licence_number=licence_number or None,
                               supervisor_id=supervisor_id)
    accounts.set_password(uow, staff_id, password)
    return staff_id
