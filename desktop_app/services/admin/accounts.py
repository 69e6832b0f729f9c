"""Staff passwords (argon2id). Password checks happen at sign-in and at every staff signature."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import StaffUser
from desktop_app.domain.vocabulary import Action
from desktop_app.errors import FieldError, NotFound, UserError, raise_if_blocking
from desktop_app.services.core.permissions import authorize
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case

MIN_PASSWORD_LENGTH = 8
PRODUCTION_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
# The hasher of new passwords: always PRODUCTION_HASHER in the app. The test suite swaps in a
# cheap one (tests/conftest.py); checking a password reads the parameters from its stored hash.
password_hasher: PasswordHasher = PRODUCTION_HASHER
# Demo accounts only (their password is published): cheap to check, so generating a demo
# archive full of staff signatures stays quick. Never used for real accounts.
DEMO_HASHER = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)


def password_errors(password: str) -> list[FieldError]:
    if len(password) < MIN_PASSWORD_LENGTH:
        return [FieldError("密码", f"密码至少{MIN_PASSWORD_LENGTH}个字符",
                           f"The password needs at least {MIN_PASSWORD_LENGTH} characters", key="password")]
    if password.strip() != password or not password.strip():
        return [FieldError("密码", "密码首尾不能有空格", "The password cannot start or end with spaces",
                           key="password")]
    return []


def _own_or_managed(uow: UnitOfWork, user_id: int, **_arguments: object) -> None:
    """Staff set their own password; anyone else's needs ``user.manage``."""
    if uow.actor_id != user_id:
        authorize(uow, Action.USER_MANAGE)


@use_case(Action.USER_MANAGE, authorize_with=_own_or_managed)
def set_password(uow: UnitOfWork, user_id: int, password: str, *,
                 hasher: PasswordHasher | None = None) -> None:
    """Staff set their own password; an administrator sets anyone's. ``hasher`` only for
    the demo accounts (``DEMO_HASHER``); otherwise ``password_hasher``."""
    raise_if_blocking(password_errors(password))
    user = uow.session.get(StaffUser, user_id)
    if user is None:
        raise NotFound(f"找不到工作人员 {user_id}。", f"Staff member {user_id} not found.")
    user.password_hash = (hasher or password_hasher).hash(password)


def staff_id(session: Session, username: str) -> int | None:
    """The id of the member of staff with this user name (for someone signing at another's
    PC: an approver or a witness, whose password the signature then checks)."""
    name = username.strip()
    if not name:
        return None
    return session.scalars(select(StaffUser.id).where(StaffUser.username == name)).first()


def check_password(session: Session, user_id: int, password: str) -> bool:
    """Whether ``password`` is the active staff member's password."""
    user = session.get(StaffUser, user_id)
    if user is None or not user.active or not user.password_hash:
        return False
    try:
        return password_hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@use_case(Action.USER_MANAGE)
def deactivate(uow: UnitOfWork, user_id: int) -> None:
    """An administrator stops a member of staff signing in. Their records and signatures
    stay; nobody is ever deleted. Administrators cannot deactivate themselves."""
    _set_active(uow, user_id, False)


@use_case(Action.USER_MANAGE)
def reactivate(uow: UnitOfWork, user_id: int) -> None:
    """An administrator lets a deactivated member of staff sign in again."""
    _set_active(uow, user_id, True)


def _set_active(uow: UnitOfWork, user_id: int, active: bool) -> None:
    user = uow.session.get(StaffUser, user_id)
    if user is None:
        raise NotFound(f"找不到工作人员 {user_id}。", f"Staff member {user_id} not found.")
    if not active and user_id == uow.actor_id:
        raise UserError("不能停用自己的账户。", "You cannot deactivate your own account.")
    user.active = active  # the change is audited with the old and new value
