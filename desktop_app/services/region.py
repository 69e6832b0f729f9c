"""Which region's rules apply: the institution's region and the pack a case is judged by.

The institution works under one region's pack plus the national baseline
(``domain.packs``). The region is chosen at first run and changed only by an
administrator who states a reason; the change is audited with the reason. A case is
judged by the pack in force on its first approval date, recorded on the case when that
approval is entered (``fix_case_pack``), so neither a later pack nor a later change of
region re-judges it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.db.models import Approval, Institution, RehabCase
from desktop_app.domain.packs import NATIONAL, REGIONS, PolicyPack, pack_by_code, pack_for
from desktop_app.domain.policy import cite
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.audit import record_event
from desktop_app.services.permissions import authorize
from desktop_app.services.uow import UnitOfWork


def institution_region(session: Session) -> str:
    institution = session.scalars(select(Institution).limit(1)).first()
    return institution.policy_region if institution is not None else NATIONAL


def current_pack(session: Session, on: date) -> PolicyPack:
    """The pack a case approved on ``on`` would be judged by."""
    return pack_for(institution_region(session), on)


def first_approval_date(session: Session, case_id: int) -> date | None:
    return session.scalar(select(func.min(Approval.decision_date)).where(
        Approval.case_id == case_id))


def case_pack(session: Session, case: RehabCase, today: date | None = None) -> PolicyPack:
    """The pack ``case`` is judged by: the one recorded at its first approval, or (not yet
    approved) the one in force on that approval's date, or else ``today``."""
    if case.policy_pack:
        return pack_by_code(case.policy_pack)
    on = first_approval_date(session, case.id) or today or date.today()
    return current_pack(session, on)


def fix_case_pack(session: Session, case: RehabCase) -> PolicyPack:
    """Record the pack in force on the first approval date on the case (once)."""
    pack = case_pack(session, case)
    if case.policy_pack is None and first_approval_date(session, case.id) is not None:
        case.policy_pack = pack.code
    return pack


def region_errors(region: str) -> list[FieldError]:
    if region in REGIONS:
        return []
    return [FieldError("适用地区", f"没有地区规则包：{region}（可选：{'、'.join(REGIONS)}）",
                       f"No policy pack for region {region!r} (choose one of: {', '.join(REGIONS)})")]


def set_policy_region(uow: UnitOfWork, region: str, reason: str) -> None:
    """Change the institution's region (administrators; the reason is audited). Cases
    already approved keep the pack they were judged by."""
    authorize(uow, "settings.edit")  # administrators only
    errors = region_errors(region)
    if not reason.strip():
        errors.append(FieldError("更改原因", "更改适用地区须说明原因",
                                 "A reason is required to change the region"))
    raise_if_blocking(errors)
    institution = uow.session.scalars(select(Institution).limit(1)).first()
    if institution is None:
        raise UserError("请先填写机构信息。", "Enter the institution first.")
    before = institution.policy_region
    if before == region:
        return
    institution.policy_region = region
    record_event(uow.session, "policy_region_changed", "institution", institution.id,
                 details={"from": before, "to": region, "reason": reason.strip()})
    uow.commit()


def case_basis(session: Session, case: RehabCase, *topics: str) -> dict[str, tuple[str, str]]:
    """The articles the case's pack cites for each topic, in Chinese and English (empty
    strings where the region's text is silent)."""
    pack = case_pack(session, case)
    return {topic: cite(pack.basis(topic)) for topic in topics}
