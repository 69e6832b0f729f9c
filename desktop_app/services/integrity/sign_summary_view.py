"""What a signer is shown before signing records other than sessions: one line per record
(plan, prescription, out-of-scope consent, assessment, or its kind and number), and a
heading naming the patient and case. Plain strings; the dialogs only display them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.db.models import (
    Assessment,
    OutOfScopeConsent,
    Prescription,
    RehabCase,
    StaffUser,
    TreatmentPlan,
    TreatmentSession,
    Worker,
)
from desktop_app.domain.signature_timing import delay_text
from desktop_app.domain.vocabulary import ConsentSigner
from desktop_app.errors import UserError
from desktop_app.services.clinical.bedside import SigningSummary, sessions_to_sign
from desktop_app.services.integrity.signature_timing import event_of, record_timings
from desktop_app.services.integrity.signing import record_to_sign

KIND_LABELS = {"approval": "核准结论", "treatment_plan": "治疗方案", "prescription": "处方",
               "treatment_session": "治疗记录", "assessment": "评估",
               "out_of_scope_consent": "目录外项目知情同意", "claim": "结算申报", "fee_line": "费用明细",
               "disposal_request": "销毁申请", "value_report": "康复价值评估报告",
               "course_notice": "终止康复治疗通知"}
PHASES = {"pre": "康复前", "mid": "康复中", "post": "康复后"}
CONSENT_SIGNERS: dict[str, str] = {ConsentSigner.EMPLOYER: "用人单位", ConsentSigner.WORKER: "职工本人",
                                   ConsentSigner.RELATIVE: "近亲属"}


def _staff_name(session: Session, staff_id: int | None) -> str:
    staff = session.get(StaffUser, staff_id) if staff_id is not None else None
    return staff.display_name if staff is not None else "未指定"


def plan_line(plan: TreatmentPlan) -> str:
    items = "、".join(f"{i.name}×{i.total_count}" for i in plan.items)
    return (f"治疗方案 第{plan.version_no}版　{plan.period_from}至{plan.period_to}　{items}　"
            f"费用估算 ¥{plan.cost_estimate:.2f}")


def _line(session: Session, record_type: str, obj: object) -> str:
    if isinstance(obj, TreatmentPlan):
        return plan_line(obj)
    if isinstance(obj, Prescription):
        return (f"处方 {obj.prescribed_on}　{obj.item_name}　{obj.count} 次　{obj.frequency}"
                f"　治疗师 {_staff_name(session, obj.assigned_therapist_id)}"
                + (f"　参数：{obj.parameters}" if obj.parameters else ""))
    if isinstance(obj, OutOfScopeConsent):
        names = "、".join(str(i.get("name", "")) for i in obj.items)
        return (f"目录外项目知情同意 {obj.signed_on}　{names}　金额 ¥{obj.amount:.2f}　"
                f"签署人 {obj.signer_name}（{CONSENT_SIGNERS.get(obj.signer_kind, obj.signer_kind)}）")
    if isinstance(obj, Assessment):
        return (f"{PHASES.get(obj.phase, obj.phase)}评估 {obj.assessed_on}　{obj.instrument_code}"
                f"　总分 {obj.total}")
    return f"{KIND_LABELS.get(record_type, record_type)} #{getattr(obj, 'id', '')}"


def _timing_note(session: Session, record_type: str, record_id: int) -> str:
    """签署时效 for the signer: the event the signature refers to, and how late the signatures
    already on the record were given (``signature_timing``)."""
    event = event_of(session, record_type, record_id)
    when = event.at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if event.at else str(event.day)
    given = [f"{t.signer_name} {delay_text(t)[0].removeprefix('签署时效：')}"
             for t in record_timings(session, record_type, record_id)]
    return f"　所签事件：{event.zh} {when}" + (f"　已签：{'；'.join(given)}" if given else "")


def records_to_sign(session: Session, records: Sequence[tuple[str, int]]) -> SigningSummary:
    """The summary of ``records`` in the order given (sessions as on the bedside dialog),
    for a member of staff to sign."""
    wanted = list(dict.fromkeys(records))
    if not wanted:
        raise UserError("没有要签名的记录。", "Nothing to sign.")
    if all(kind == "treatment_session" for kind, _ in wanted):
        return sessions_to_sign(session, [i for _, i in wanted], by_patient=False)
    lines: list[str] = []
    case_ids = set()
    for record_type, record_id in wanted:
        obj = record_to_sign(session, record_type, record_id)
        if isinstance(obj, TreatmentSession):
            lines += sessions_to_sign(session, [obj.id], by_patient=False).lines
        else:
            lines.append(_line(session, record_type, obj) + _timing_note(session, record_type, obj.id))
        case_id = getattr(obj, "case_id", None)
        if case_id is not None:
            case_ids.add(case_id)
    heading, patient = f"共 {len(lines)} 项", ""
    if len(case_ids) == 1:
        number, patient = session.execute(
            select(RehabCase.case_number, Worker.name).join(Worker, Worker.id == RehabCase.worker_id)
            .where(RehabCase.id == case_ids.pop())).one()
        heading = f"患者 {patient}　病例 {number}　共 {len(lines)} 项"
    return SigningSummary(heading, tuple(lines), tuple(wanted), patient)
