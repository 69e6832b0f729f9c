"""The records officer's claim tasks (their home's list, linked from the claim desk):

* returned or deducted claims whose correction is due — urgent (the money waits on it);
* last month's cases whose completeness gate blocks the claim — a warning, naming the
  first blocking gap;
* drafts to freeze (定稿) — a warning; final claims not exported — a warning; exported
  claims not yet reported as submitted to the agency — a notice;
* last month's frozen claims with charges since (a correction is due) — a warning.

Read from ``claim_desk_view.desk_rows`` (the latest version of each case and period) and
``claims_month.month_cases`` (last month's gates), each line with the case it opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.domain.alerts import NOTICE, URGENT, WARNING, Alert, by_urgency
from desktop_app.domain.claim_states import DeskState
from desktop_app.services.claims import claims_month
from desktop_app.services.claims.claim_desk_view import DeskRow, desk_rows
from desktop_app.services.clinical.worklist_view import alerts


def previous_month(today: date) -> str:
    """The month a claim is built for now: the one before ``today``'s."""
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    return f"{year:04d}-{month:02d}"


def _period_zh(period: str) -> str:
    return "出院结算" if period == "discharge" else period


def _period_en(period: str) -> str:
    return "discharge" if period == "discharge" else period


def _desk_task(row: DeskRow) -> Alert | None:
    claim_zh = f"申报 #{row.claim_id}（{_period_zh(row.period)}，第{row.version_no}版）"
    claim_en = f"Claim #{row.claim_id} ({_period_en(row.period)}, version {row.version_no})"
    if row.correction_offered:
        return Alert("claim_returned", URGENT, row.case_id, row.case_number, row.patient_name,
                     f"{claim_zh}已被退回或扣减：请出具更正版本",
                     f"{claim_en} was returned or deducted: issue the correction", row.returned_on)
    if row.state == DeskState.DRAFT:
        return Alert("claim_draft", WARNING, row.case_id, row.case_number, row.patient_name,
                     f"{claim_zh}是草稿：核对后定稿", f"{claim_en} is a draft: check it and finalize",
                     row.created_at.astimezone(CHINA).date())
    if row.state == DeskState.FINAL:
        return Alert("claim_export_due", WARNING, row.case_id, row.case_number, row.patient_name,
                     f"{claim_zh}已定稿，待导出申报包", f"{claim_en} is final: export its package",
                     row.frozen_at.astimezone(CHINA).date() if row.frozen_at else None)
    if row.state == DeskState.EXPORTED:
        return Alert("claim_submit_due", NOTICE, row.case_id, row.case_number, row.patient_name,
                     f"{claim_zh}已导出，待报送经办机构后登记",
                     f"{claim_en} is exported: record its submission to the agency", None)
    return None


def month_tasks(session: Session, month: str, today: date,
                cache: claims_month.GateCache | None = None) -> list[Alert]:
    """The month's cases whose gate blocks the claim, and frozen claims with charges since."""
    found = []
    for case in claims_month.month_cases(session, month, today, cache=cache):
        if case.state == claims_month.BLOCKED:
            first = case.blocking[0]
            found.append(Alert(
                "gate_blocked", WARNING, case.case_id, case.case_number, case.patient_name,
                f"{month} 结算缺 {len(case.blocking)} 项：{first.zh}",
                f"{month} claim blocked by {len(case.blocking)} gap(s): {first.en}", None))
        elif case.state == claims_month.LATE:
            found.append(Alert(
                "charges_after_freeze", WARNING, case.case_id, case.case_number, case.patient_name,
                f"{month} 申报定稿后又有 {case.unclaimed} 笔费用：需出具更正版本",
                f"{month}: {case.unclaimed} charge(s) after the claim was frozen: a correction is due",
                None))
    return found


def claim_tasks(session: Session, today: date, cache: claims_month.GateCache | None = None) -> list[Alert]:
    """Every claim task, most urgent first."""
    found = [task for row in desk_rows(session) if (task := _desk_task(row)) is not None]
    found += month_tasks(session, previous_month(today), today, cache)
    return by_urgency(found)


@dataclass(frozen=True)
class OfficerHome:
    tasks: list[Alert]
    alerts: list[Alert]


def officer_home(session: Session, today: date,
                 cache: claims_month.GateCache | None = None) -> OfficerHome:
    """A records officer's home: the claim tasks (last month's gates from ``cache`` where
    still valid), and the alerts of every open case."""
    return OfficerHome(claim_tasks(session, today, cache), alerts(session, today))
