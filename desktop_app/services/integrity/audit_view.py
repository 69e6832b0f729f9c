"""Reading the audit trail (who did what, when, with old and new values)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from desktop_app.db.models import AuditEvent, StaffUser
from desktop_app.domain.vocabulary import Action
from desktop_app.services.core.permissions import authorize
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case


@dataclass(frozen=True)
class AuditLine:
    id: int
    occurred_at: datetime
    actor: str
    action: str
    record_type: str
    record_id: int | None
    details: dict[str, Any]


def _may_view(uow: UnitOfWork, case_id: int | None, **_arguments: object) -> None:
    authorize(uow, Action.AUDIT_VIEW, record_type="rehab_case" if case_id else "archive",
              record_id=case_id, case_id=case_id)


@use_case(Action.AUDIT_VIEW, authorize_with=_may_view, commits=False)
def history(uow: UnitOfWork, *, case_id: int | None = None, limit: int = 500) -> list[AuditLine]:
    """The newest events first, of one case or of the whole archive."""
    query = (select(AuditEvent, StaffUser.display_name)
             .join(StaffUser, StaffUser.id == AuditEvent.actor_id, isouter=True)
             .order_by(AuditEvent.id.desc()).limit(limit))
    if case_id is not None:
        query = query.where(AuditEvent.case_id == case_id)
    return [AuditLine(e.id, e.occurred_at, name or "（系统）", e.action, e.record_type, e.record_id,
                      dict(e.details or {}))
            for e, name in uow.session.execute(query)]
