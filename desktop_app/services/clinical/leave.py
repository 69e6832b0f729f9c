"""Inpatient leave (请假): the days an admitted inpatient is away from the ward.

A day of leave has no session (recording one is refused, ``session_limits``) and is not
an idle bed day (挂床): leave is how the ward states why nothing was done that day. It is
entered by the clinicians who record sessions (permission ``session.record``), needs a
reason, and cannot cover a day that already has a session: the two records would
contradict each other (虚构, Beijing Art. 13). The unit of work audits the new row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import InpatientLeave, TreatmentSession
from desktop_app.domain.vocabulary import Action, CaseStatus
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.core.lookup import get_case, superseded
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case

LEAVE_ACTION = Action.SESSION_RECORD  # the clinicians of the ward (physician, therapist, assistant)


@dataclass(frozen=True)
class LeaveRow:
    id: int
    leave_from: date
    leave_to: date
    reason: str

    @property
    def days(self) -> int:
        return (self.leave_to - self.leave_from).days + 1


def _session_days(session: Session, case_id: int, start: date, end: date) -> list[date]:
    return list(session.scalars(select(TreatmentSession.session_date).distinct().where(
        TreatmentSession.case_id == case_id, TreatmentSession.session_date >= start,
        TreatmentSession.session_date <= end,
        TreatmentSession.id.not_in(superseded("treatment_session")))
        .order_by(TreatmentSession.session_date)))


@use_case(LEAVE_ACTION, case="case_id", locks_case=True)
def record_leave(uow: UnitOfWork, case_id: int, leave_from: date, leave_to: date,
                 reason: str) -> int:
    """Record a leave of an admitted inpatient; returns its id."""
    case = get_case(uow.session, case_id)
    if case.status != CaseStatus.ADMITTED or case.setting != "inpatient":
        raise UserError(f"病例 {case.case_number} 不是在院的住院病例，不能登记请假。",
                        f"Case {case.case_number} is not an admitted inpatient; no leave "
                        "can be recorded.")
    errors: list[FieldError] = []
    if leave_from > leave_to:
        errors.append(FieldError("请假期间", "开始日期不能晚于结束日期",
                                 "The start date cannot be after the end date", key="leave_period"))
    elif case.admission_date is not None and leave_from < case.admission_date:
        errors.append(FieldError("请假期间", f"请假不能早于入院日期 {case.admission_date}",
                                 f"Leave cannot start before admission ({case.admission_date})",
                                 key="leave_period"))
    if not reason.strip():
        errors.append(FieldError("请假原因", "请假原因不能为空", "A reason for the leave is required",
                                 key="reason"))
    if leave_from <= leave_to:
        days = _session_days(uow.session, case_id, leave_from, leave_to)
        if days:
            listed = "、".join(str(d) for d in days)
            errors.append(FieldError("请假期间", f"以下日期已有治疗记录，不能登记为请假：{listed}",
                                     f"Sessions are already recorded on: "
                                     f"{', '.join(str(d) for d in days)}; those days cannot be "
                                     "leave", key="leave_period"))
        clash = uow.session.scalars(select(InpatientLeave).where(
            InpatientLeave.case_id == case_id, InpatientLeave.leave_from <= leave_to,
            InpatientLeave.leave_to >= leave_from)).first()
        if clash is not None:
            errors.append(FieldError("请假期间", f"与已登记的请假（{clash.leave_from}至"
                                     f"{clash.leave_to}）重叠", f"Overlaps the leave already "
                                     f"recorded ({clash.leave_from} to {clash.leave_to})",
                                     key="leave_period"))
    raise_if_blocking(errors)
    row = InpatientLeave(case_id=case_id, leave_from=leave_from, leave_to=leave_to,
                         reason=reason.strip(), created_at=uow.clock.now(),
                         created_by_id=uow.actor_id)
    uow.session.add(row)
    uow.session.flush()
    return row.id


def list_leave(session: Session, case_id: int) -> list[LeaveRow]:
    """The case's leave, earliest first."""
    return [LeaveRow(r.id, r.leave_from, r.leave_to, r.reason) for r in session.scalars(
        select(InpatientLeave).where(InpatientLeave.case_id == case_id)
        .order_by(InpatientLeave.leave_from, InpatientLeave.id))]
