"""Outcome after discharge (issue 18): the checks of the discharge's outcome fields and the
follow-up at 3, 6 and 12 months (出院随访).

A follow-up is an append-only row of ``follow_up`` (migration 0014): it is recorded only in a
discharged case (open or archived; a sealed case refuses it through the permission table),
contacted on a day not before the discharge and not in the future. A correction is a newer
row for the same case and milestone; the latest counts (``follow_up_view``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.db.models import FollowUp
from desktop_app.domain.vocabulary import (
    DISCHARGE_DESTINATIONS,
    FOLLOW_UP_METHODS,
    FOLLOW_UP_MONTHS,
    RETURN_TO_WORK,
    Action,
    CaseStatus,
)
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.core.lookup import get_case
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case

SATISFACTION_RANGE = (1, 5)


@dataclass(frozen=True)
class FollowUpInput:
    months: int  # 3, 6 or 12
    contacted_on: date
    method: str  # phone / visit / letter / other
    return_to_work: str  # domain.vocabulary.RETURN_TO_WORK
    satisfaction: int | None = None  # 1–5, where asked
    note: str | None = None


def return_to_work_errors(code: str | None, key: str = "return_to_work") -> list[FieldError]:
    if not code:
        return [FieldError("就业状况", "请选择就业状况", "Choose the work status", key=key)]
    if code not in RETURN_TO_WORK:
        return [FieldError("就业状况", f"无效的就业状况：{code}", f"Invalid work status: {code}", key=key)]
    return []


def satisfaction_errors(value: int | None, key: str = "satisfaction") -> list[FieldError]:
    low, high = SATISFACTION_RANGE
    if value is None or low <= value <= high:
        return []
    return [FieldError("满意度", f"满意度须为 {low}–{high}：{value}",
                       f"Satisfaction must be {low}–{high}: {value}", key=key)]


def discharge_outcome_errors(destination: str | None, return_to_work: str | None,
                             satisfaction: int | None) -> list[FieldError]:
    """The discharge's outcome: where the worker went and their work status are required;
    satisfaction is optional (no region's text asks for it: docs/decisions.md)."""
    errors: list[FieldError] = []
    if not destination:
        errors.append(FieldError("出院去向", "请选择出院去向", "Choose where the worker goes",
                                 key="destination"))
    elif destination not in DISCHARGE_DESTINATIONS:
        errors.append(FieldError("出院去向", f"无效的出院去向：{destination}",
                                 f"Invalid discharge destination: {destination}", key="destination"))
    return errors + return_to_work_errors(return_to_work) + satisfaction_errors(satisfaction)


@use_case(Action.FOLLOW_UP_RECORD, case="case_id")
def record_follow_up(uow: UnitOfWork, case_id: int, inp: FollowUpInput) -> int:
    """Record what the worker said at a milestone after discharge; returns the row's id."""
    case = get_case(uow.session, case_id)
    if case.status != CaseStatus.DISCHARGED or case.discharge_date is None:
        raise UserError("病例尚未出院，不能录入出院随访。",
                        "The case has not been discharged; no follow-up can be recorded.")
    errors: list[FieldError] = []
    if inp.months not in FOLLOW_UP_MONTHS:
        errors.append(FieldError("随访节点", f"随访节点须为 3、6 或 12 个月：{inp.months}",
                                 f"The follow-up is at 3, 6 or 12 months: {inp.months}", key="months"))
    if inp.method not in FOLLOW_UP_METHODS:
        errors.append(FieldError("随访方式", f"无效的随访方式：{inp.method}",
                                 f"Invalid follow-up method: {inp.method}", key="method"))
    if inp.contacted_on < case.discharge_date:
        errors.append(FieldError("随访日期", f"随访日期早于出院日期（{case.discharge_date}）",
                                 f"The follow-up is before the discharge ({case.discharge_date})",
                                 key="contacted_on"))
    elif inp.contacted_on > uow.clock.today():
        errors.append(FieldError("随访日期", "随访日期不能晚于今天", "The follow-up cannot be in the future",
                                 key="contacted_on"))
    errors += return_to_work_errors(inp.return_to_work) + satisfaction_errors(inp.satisfaction)
    raise_if_blocking(errors)
    row = FollowUp(case_id=case_id, months=inp.months, contacted_on=inp.contacted_on,
                   method=inp.method, return_to_work=inp.return_to_work,
                   satisfaction=inp.satisfaction, note=(inp.note or "").strip() or None,
                   created_at=uow.clock.now(), created_by_id=uow.actor_id)
    uow.session.add(row)
    uow.session.flush()
    return row.id
