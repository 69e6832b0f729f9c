"""Enforcing the permission table (``domain.permissions``) in the services.

``authorize`` is the first thing a service does. A refusal raises ``PermissionDenied``
and is written to the audit trail in a transaction of its own, so the record of the
attempt survives the rollback of the refused work.
"""

from __future__ import annotations

from typing import NoReturn

from sqlalchemy import select

from desktop_app.db.base import RecordState
from desktop_app.db.models import RehabCase, StaffUser
from desktop_app.domain.permissions import effective_state, permitted, refusal_text
from desktop_app.domain.vocabulary import Action, Role
from desktop_app.errors import UserError
from desktop_app.services.core import audit
from desktop_app.services.core.uow import UnitOfWork

# Before any administrator exists (the first run), the archive's owner sets it up.
FIRST_RUN_ACTIONS = frozenset({Action.USER_MANAGE, Action.SETTINGS_EDIT})


class PermissionDenied(UserError):
    """The signed-in user's role may not do this to a record in this state."""


def actor(uow: UnitOfWork) -> StaffUser | None:
    """The signed-in member of staff (None: no one, or an unknown id)."""
    return None if uow.actor_id is None else uow.session.get(StaffUser, uow.actor_id)


def actor_role(uow: UnitOfWork) -> str | None:
    user = actor(uow)
    return user.role if user is not None and user.active else None


def has_administrator(uow: UnitOfWork) -> bool:
    return uow.session.scalars(select(StaffUser.id).where(
        StaffUser.role == Role.ADMIN, StaffUser.active.is_(True)).limit(1)).first() is not None


def authorize(uow: UnitOfWork, action: str, *, state: str | None = None,
              record_type: str = "archive", record_id: int | None = None,
              case_id: int | None = None) -> None:
    """Return if the table allows it; otherwise audit the refusal and raise."""
    role = actor_role(uow)
    if permitted(role, action, state):
        return
    if uow.actor_id is None and action in FIRST_RUN_ACTIONS and not has_administrator(uow):
        return
    deny(uow, action, state, record_type, record_id, case_id, *refusal_text(role, action, state))


def authorize_case(uow: UnitOfWork, action: str, case: RehabCase) -> None:
    authorize(uow, action, state=case.record_state, record_type="rehab_case",
              record_id=case.id, case_id=case.id)


def record_case_state(uow: UnitOfWork, obj: object) -> str | None:
    case_id = getattr(obj, "case_id", None)
    case = uow.session.get(RehabCase, case_id) if case_id is not None else None
    return case.record_state if case is not None else None


def authorize_record(uow: UnitOfWork, action: str, record_type: str, obj: RecordState) -> None:
    """For a single record: its own state, raised to its case's if that is archived/sealed."""
    state = effective_state(obj.record_state, record_case_state(uow, obj))
    authorize(uow, action, state=state, record_type=record_type,
              record_id=getattr(obj, "id", None), case_id=getattr(obj, "case_id", None))


def deny(uow: UnitOfWork, action: str, state: str | None, record_type: str,
         record_id: int | None, case_id: int | None, zh: str, en: str, *,
         role: str | None = None) -> NoReturn:
    """Audit a refusal in a transaction of its own (it outlives the refused work), then raise.
    ``role`` is the role refused when it is not the actor's (an approver's)."""
    with UnitOfWork(uow.engine, clock=uow.clock, actor_id=uow.actor_id) as side:
        audit.record_event(side.session, "denied", record_type, record_id, case_id=case_id,
                           details={"action": action, "role": role or actor_role(uow),
                                    "state": state,
                                    "reason": en})
        side.commit()
    raise PermissionDenied(zh, en)
