"""Loaders: each document's input dataclasses filled from the archive (read only).

Every value comes from stored records, signatures and the claim's frozen view, and
every date printed as the document's own (``issued_at``) is a stored time (the last
signature, the claim's freeze), so the same archive gives the same content, hence the
same content hash. Superseded versions (amendments) are left out: the current version
counts, the audit extract keeps the history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.db.models import (
    Assessment,
    AttachmentBlob,
    Institution,
    Prescription,
    RehabCase,
    Signature,
    SignatureItem,
    StaffUser,
    TreatmentPlan,
    TreatmentSession,
)
from desktop_app.documents.approval import ApprovalData, ApprovedItemRow
from desktop_app.documents.assessment_report import AssessmentReportData, AssessmentRow
from desktop_app.documents.blocks import SignatureMark
from desktop_app.documents.case_header import CaseHeader, identity_pairs
from desktop_app.documents.claim_cover import ClaimCoverData, Total
from desktop_app.documents.execution_sheet import ExecutionSheetData, SessionRow
from desktop_app.documents.fee_list import FeeListData, FeeRow
from desktop_app.documents.identity import Institution as PrintedInstitution
from desktop_app.documents.plan import PlanData, PlanItemRow
from desktop_app.documents.prescription import PrescriptionData, PrescriptionRow
from desktop_app.documents.signing_sheet import SigningSheetData
from desktop_app.documents.value_assessment import ValueAssessmentData
from desktop_app.domain import claim_states
from desktop_app.domain.claim_data import ClaimTotals, ClaimView
from desktop_app.domain.instruments import Instrument, load_instruments
from desktop_app.domain.outcome import Measure, trend
from desktop_app.domain.reference import injury_categories
from desktop_app.domain.rules.packs import REHAB_TYPE_NAMES
from desktop_app.domain.session_params import SessionParameters, describe
from desktop_app.domain.vocabulary import DISCHARGE_PERIOD, PATIENT_SIDE, SignerKind
from desktop_app.errors import NotFound, UserError
from desktop_app.services.admin.outcome_settings import minimal_difference_overrides
from desktop_app.services.clinical.session_signing import performer_signatures
from desktop_app.services.core import read_memo
from desktop_app.services.core.lookup import approvals, approved_items, get_case, superseded
from desktop_app.services.integrity.signature_timing import timing_notes
from desktop_app.services.integrity.signing import MEANINGS
from desktop_app.services.rules.region import case_basis

SEX = {"M": "男", "F": "女", "1": "男", "2": "女"}
RELATIONSHIPS: dict[str, str] = {SignerKind.LEGAL_REP: "法定代理人", SignerKind.AUTHORISED: "授权委托人",
                                 SignerKind.RELATIVE: "近亲属"}


def local(moment: datetime) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def institution(session: Session) -> PrintedInstitution:
    """The institution as documents print it (asked once per document of a reading step)."""
    return read_memo.remembered(session, "institution", None, lambda: _institution(session))


def _institution(session: Session) -> PrintedInstitution:
    row = session.scalars(select(Institution).order_by(Institution.id).limit(1)).first()
    if row is None:
        raise UserError("请先填写机构信息。", "Enter the institution first.")
    return PrintedInstitution(row.name, row.address or "", row.phone or "", row.credit_code or "")


def _approval_text(session: Session, case_id: int) -> str:
    found = approvals(session, case_id)
    if not found:
        return ""
    last = found[-1]
    return f"{last.decision_number}，{found[0].period_from} 至 {max(a.period_to for a in found)}"


def grade_text(grade: int | None) -> str:
    return f"{grade} 级" if grade else "未鉴定"


def items_text(items: Sequence[tuple[str, str, int | None]]) -> str:
    """Approved items and counts as one line: "运动疗法 40 次；作业疗法 不限次数"."""
    return "；".join(f"{name} {'不限次数' if count is None else f'{count} 次'}"
                    for _code, name, count in items) or "未限定项目"


def _identity(recognition_number: str, grade: int | None, discharge: date | None, agreement: str | None,
              items: Sequence[tuple[str, str, int | None]]) -> dict[str, str]:
    """The header's identity fields (``CaseHeader``), the same for every document."""
    return {"recognition_number": recognition_number, "disability_grade": grade_text(grade),
            "discharge_date": discharge.isoformat() if discharge else "未出院",
            "agreement_number": agreement or "—", "approved_items": items_text(items)}


def case_header(session: Session, case: RehabCase) -> CaseHeader:
    return read_memo.remembered(session, "case_header", case.id, lambda: _case_header(session, case))


def _case_header(session: Session, case: RehabCase) -> CaseHeader:
    worker, injury = case.worker, case.injury
    employer = worker.employer
    main = injury.diagnoses[0] if injury.diagnoses else None
    agreement = session.get(Institution, case.institution_id)
    return CaseHeader(
        case.case_number, worker.name, SEX.get(worker.sex, worker.sex), worker.birth_date.isoformat(),
        worker.resident_id, employer.name if employer else "", injury.injury_date.isoformat(),
        f"{main.icd_code} {main.icd_name}" if main else "", _approval_text(session, case.id),
        case.admission_date.isoformat() if case.admission_date else "",
        **_identity(injury.recognition_number, injury.disability_grade, case.discharge_date,
                    agreement.agreement_number if agreement else None, approved_items(session, case.id)))


# ----------------------------------------------------------------------------- signatures


def _images(session: Session, signatures: Iterable[Signature]) -> dict[str, bytes]:
    hashes = {s.image_sha256 for s in signatures if s.image_sha256}
    if not hashes:
        return {}
    return {b.sha256: b.content for b in session.scalars(
        select(AttachmentBlob).where(AttachmentBlob.sha256.in_(hashes))) if b.content is not None}


def marks(session: Session, signatures: Sequence[Signature],
          records: Sequence[tuple[str, int]] = ()) -> list[SignatureMark]:
    """Signatures as documents show them, with the handwritten image when there is one and
    their delay from the event of the ``records`` they sign on this document (签署时效)."""
    images = _images(session, signatures)
    notes = timing_notes(session, signatures, records)
    return [replace(SignatureMark(
        MEANINGS.get(s.meaning, s.meaning), s.signer_name, local(s.signed_at), s.method,
        images.get(s.image_sha256 or ""),
        RELATIONSHIPS.get(s.signer_kind, s.relationship_to_patient or "")
        if s.signer_kind not in (SignerKind.STAFF, SignerKind.PATIENT) else "",
        s.content_sha256), timing=notes.get(s.id, "")) for s in signatures]


def signatures_by_record(session: Session, record_type: str,
                         ids: Sequence[int]) -> dict[int, list[Signature]]:
    """The signatures on each record, oldest first."""
    found: dict[int, list[Signature]] = {i: [] for i in ids}
    if not ids:
        return found
    for record_id, signature in session.execute(
            select(SignatureItem.record_id, Signature)
            .join(Signature, Signature.id == SignatureItem.signature_id)
            .where(SignatureItem.record_type == record_type, SignatureItem.record_id.in_(ids))
            .order_by(Signature.signed_at, Signature.id)):
        found[record_id].append(signature)
    return found


def _last(times: Iterable[datetime], fallback: datetime) -> datetime:
    return max(times, default=fallback)


# ----------------------------------------------------------------------------- plan


def plan_data(session: Session, plan_id: int) -> PlanData:
    plan = session.get(TreatmentPlan, plan_id)
    if plan is None:
        raise NotFound(f"找不到治疗方案 {plan_id}。", f"Treatment plan {plan_id} not found.")
    case = get_case(session, plan.case_id)
    signed = signatures_by_record(session, "treatment_plan", [plan.id])[plan.id]
    items = [PlanItemRow(i.national_code, i.name, i.unit, i.frequency, i.total_count, i.unit_price,
                         i.amount) for i in plan.items]
    return PlanData(
        case_header(session, case), plan.id, plan.version_no, plan.period_from.isoformat(),
        plan.period_to.isoformat(), plan.goals, plan.expected_effect, plan.precautions,
        plan.cost_estimate, items, _last((s.signed_at for s in signed), plan.created_at),
        plan.revision_reason or "", tuple(marks(session, signed, [("treatment_plan", plan.id)])))


def plans_of(session: Session, case_id: int) -> list[int]:
    return list(session.scalars(select(TreatmentPlan.id).where(TreatmentPlan.case_id == case_id)
                                .order_by(TreatmentPlan.version_no)))


# ----------------------------------------------------------------------------- execution sheet


def sessions_in(session: Session, case_id: int, window: tuple[date, date]) -> list[TreatmentSession]:
    """The current (not superseded) sessions of the window, in time order."""
    return list(session.scalars(select(TreatmentSession).where(
        TreatmentSession.case_id == case_id, TreatmentSession.session_date.between(*window),
        TreatmentSession.id.not_in(superseded("treatment_session")))
        .order_by(TreatmentSession.started_at, TreatmentSession.id)))


def execution_sheet_data(session: Session, case_id: int, window: tuple[date, date],
                         label: str) -> ExecutionSheetData:
    """The execution sheet of the window: each row with its patient's signature and the
    staff signature that counts for it (``session_signing.performer_signatures``); the
    signature register lists those first, then any other signature on the rows."""
    case = get_case(session, case_id)
    rows = sessions_in(session, case_id, window)
    by_row = signatures_by_record(session, "treatment_session", [r.id for r in rows])
    therapists = _staff_names(session, {r.therapist_id for r in rows})
    order: dict[int, int] = {}
    signatures: list[Signature] = []

    def index(signature: Signature | None) -> int | None:
        if signature is None:
            return None
        if signature.id not in order:
            order[signature.id] = len(signatures)
            signatures.append(signature)
        return order[signature.id]

    performers = performer_signatures(session, [r.id for r in rows])
    lines = []
    for r in rows:
        own = by_row[r.id]
        patient = next((s for s in own if s.signer_kind in PATIENT_SIDE), None)
        counted = performers.get(r.id)
        staff = next((s for s in own if counted is not None and s.id == counted.signature_id), None)
        lines.append(_session_row(r, therapists, index(patient), index(staff),
                                  patient.id if patient else None, staff.id if staff else None))
    for r in rows:  # every other signature on the rows too (a later one, another signer's)
        for other in by_row[r.id]:
            index(other)
    issued = _last((s.signed_at for s in signatures),
                   _last((r.ended_at for r in rows), case.created_at))
    return ExecutionSheetData(case_header(session, case), label, lines, issued,
                              tuple(marks(session, signatures,
                                          [("treatment_session", r.id) for r in rows])))


def _session_row(r: TreatmentSession, therapists: dict[int, str], patient: int | None = None,
                 staff: int | None = None, patient_id: int | None = None,
                 staff_id: int | None = None) -> SessionRow:
    start, end = r.started_at.astimezone(CHINA), r.ended_at.astimezone(CHINA)
    return SessionRow(r.id, r.session_date.isoformat(), f"{start:%H:%M}–{end:%H:%M}", r.national_code,
                      r.item_name, r.count, therapists.get(r.therapist_id, ""), r.location or "",
                      patient, staff, r.over_approved_count, patient_id, staff_id,
                      describe(SessionParameters(r.duration_minutes, r.intensity, r.treated_body_part,
                                                 r.reaction, r.reaction_note)))


def signing_sheet_data(session: Session, rows: Sequence[TreatmentSession],
                       issued_at: datetime) -> SigningSheetData:
    """The patient's signing page for ``rows`` (sessions of one case, in time order), each
    with the number of the therapist's signature that counts for it, once given, so the
    paper and the archive can be matched."""
    case = get_case(session, rows[0].case_id)
    therapists = _staff_names(session, {r.therapist_id for r in rows})
    days = sorted({r.session_date for r in rows})
    label = str(days[0]) if len(days) == 1 else f"{days[0]} 至 {days[-1]}"
    performers = performer_signatures(session, [r.id for r in rows])
    return SigningSheetData(case_header(session, case), label, tuple(
        _session_row(r, therapists, staff_id=mark.signature_id if (mark := performers.get(r.id)) else None)
        for r in rows), issued_at)


def _staff_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    query = select(StaffUser.id, StaffUser.display_name).where(StaffUser.id.in_(ids))
    return {int(i): str(name) for i, name in session.execute(query)}


def months_of(session: Session, case_id: int) -> list[str]:
    """The months (YYYY-MM) in which the case has sessions."""
    days = session.scalars(select(TreatmentSession.session_date).where(
        TreatmentSession.case_id == case_id).distinct())
    return sorted({f"{d:%Y-%m}" for d in days})


# ----------------------------------------------------------------------------- assessments

PHASE_ORDER = {"pre": 0, "mid": 1, "post": 2, "other": 3}


def assessment_reports(session: Session, case_id: int) -> list[AssessmentReportData]:
    """One report per instrument: every current assessment with it, the scores over time
    and the outcome (first to last total)."""
    case = get_case(session, case_id)
    rows = list(session.scalars(select(Assessment).where(
        Assessment.case_id == case_id, Assessment.id.not_in(superseded("assessment")))
        .order_by(Assessment.assessed_on, Assessment.id)))
    instruments = load_instruments()
    signed = signatures_by_record(session, "assessment", [a.id for a in rows])
    assessors = _staff_names(session, {a.assessor_id for a in rows})
    overrides = minimal_difference_overrides(session)
    reports = []
    for code in sorted({a.instrument_code for a in rows}):
        own = [a for a in rows if a.instrument_code == code]
        instrument = instruments.get(code)
        names = {i.key: i.zh for i in (instrument.items if instrument else ())}
        maximum = instrument.total_range[1] if instrument and instrument.total_range else \
            max((a.total or 0 for a in own), default=0)
        signatures: dict[int, Signature] = {}
        for a in own:
            signatures.update({s.id: s for s in signed[a.id]})
        ordered = sorted(signatures.values(), key=lambda s: (s.signed_at, s.id))
        reports.append(AssessmentReportData(
            case_header(session, case), code, instrument.name_zh if instrument else code, maximum,
            [AssessmentRow(a.id, a.phase, a.assessed_on.isoformat(), assessors.get(a.assessor_id, ""),
                           a.total, a.grade or "", verdict,
                           {names.get(k, k): v for k, v in (a.item_values or {}).items()})
             for a, verdict in zip(own, row_conclusions(instrument, own, overrides), strict=True)],
            outcome_text(own), _last((s.signed_at for s in ordered), max(a.created_at for a in own)),
            tuple(marks(session, ordered, [("assessment", a.id) for a in own]))))
    return reports


def row_conclusions(instrument: Instrument | None, rows: Sequence[Assessment],
                    overrides: Mapping[str, int]) -> list[str]:
    """The 结论 of each assessment: the outcome rule's verdict at that point (``domain.outcome``:
    against the one before), then the assessor's own words, if any."""
    history = [Measure(a.assessed_on, a.phase, a.total, a.grade, a.grading_scheme) for a in rows]
    out = []
    for n, a in enumerate(rows):
        if instrument is None:
            verdict = ""
        elif not any(m.total is not None for m in history[:n]):
            verdict = "首次评估（基线）" if a.total is not None else "无总分，不作判断"
        else:
            verdict = trend(instrument, history[:n + 1], overrides).verdict_zh
        out.append("；".join(part for part in (verdict, a.conclusion or "") if part) or "—")
    return out


def outcome_text(rows: Sequence[Assessment]) -> str:
    scored = [a for a in rows if a.total is not None]
    if len(scored) < 2:
        last = rows[-1]
        return last.conclusion or "评估次数不足，暂无效果评定。"
    first, last = scored[0], scored[-1]
    change = (last.total or 0) - (first.total or 0)
    trend = f"提高 {change} 分" if change > 0 else (f"下降 {-change} 分" if change < 0 else "无变化")
    text = (f"经 {len(scored)} 次评估，总分由 {first.total} 分（{first.assessed_on}）变为 "
            f"{last.total} 分（{last.assessed_on}），{trend}。")
    return text + (last.conclusion or "")


# ----------------------------------------------------------------------------- claims


@dataclass(frozen=True)
class ClaimDocuments:
    cover: ClaimCoverData
    fee_list: FeeListData


def claim_period_label(view: ClaimView) -> str:
    if view.period == DISCHARGE_PERIOD:
        return f"出院结算（{view.window_from} 至 {view.window_to}）"
    return f"{view.period}（{view.window_from} 至 {view.window_to}）"


def claim_case_header(view: ClaimView) -> CaseHeader:
    c = view.cover
    rid = c.resident_id
    birth = f"{rid[6:10]}-{rid[10:12]}-{rid[12:14]}" if len(rid) == 18 else ""
    main = c.diagnoses[0] if c.diagnoses else None
    approval = ""
    if c.approvals:
        approval = f"{c.approvals[-1][1]}，{c.approvals[0][3]} 至 {max(a[4] for a in c.approvals)}"
    return CaseHeader(c.case_number, c.worker_name, SEX.get(c.worker_sex, c.worker_sex), birth, rid,
                      c.employer_name or "", c.injury_date.isoformat(),
                      f"{main[0]} {main[1]}" if main else "", approval,
                      c.admission_date.isoformat() if c.admission_date else "",
                      **_identity(c.recognition_number, c.disability_grade, c.discharge_date,
                                  view.totals.agreement_number or c.agreement_number,
                                  c.approved_items),
                      agreement_validity=agreement_validity(view.totals))


def agreement_validity(t: ClaimTotals) -> str:
    """The agreement's validity frozen with a claim (issue 19), or "" (claims before it)."""
    if t.agreement_valid_from is None and t.agreement_valid_to is None:
        return ""
    return f"{t.agreement_valid_from or '—'} 至 {t.agreement_valid_to or '—'}"


def claim_documents(view: ClaimView, *, draft_at: datetime | None = None) -> ClaimDocuments:
    """The cover sheet and the fee list of a frozen claim (pure: from ``claim_view``); with
    ``draft_at``, of a draft too, dated then (for the watermarked preview only)."""
    if draft_at is not None and not claim_states.is_frozen(view.status):
        view = replace(view, frozen_at=draft_at)
    if view.frozen_at is None or not (claim_states.is_frozen(view.status) or draft_at is not None):
        raise UserError(f"结算申报 #{view.claim_id} 尚未确认，不能出具单据。",
                        f"Claim #{view.claim_id} is still a draft; finalize it first.")
    t = view.totals
    per_category = Counter(ln.category for ln in view.lines)
    per_payer = Counter(ln.coverage for ln in view.lines)
    by_category = [Total(k, v, per_category[k]) for k, v in t.by_category.items()
                   if per_category[k] or v]
    by_payer = [Total(k, v, per_payer[k]) for k, v in t.by_payer.items() if per_payer[k] or v]
    supersedes = ""
    if view.supersedes_id is not None:
        supersedes = f"更正申报单 #{view.supersedes_id}：{view.correction_reason or ''}"
    header = claim_case_header(view)
    label = claim_period_label(view)
    method = t.settlement.method_zh
    if t.settlement.method != "per_item":
        method += f"；{t.settlement.zh}"
    cover = ClaimCoverData(view.claim_id, view.version_no, label, header, method, by_category,
                           by_payer, t.total, view.frozen_at, view.frozen_sha256 or "", supersedes,
                           policy_pack=t.pack_zh, payment_terms=t.terms_zh,  # identity: in the header
                           late_signatures=view.late_signatures)
    numbers = {ln.line_id: i for i, ln in enumerate(view.lines, start=1)}  # 序号 from 1 per claim
    rows = [FeeRow(numbers[ln.line_id], ln.occurred_on.isoformat(), ln.national_code, ln.name, ln.unit,
                   ln.unit_price, ln.quantity, ln.amount, ln.coverage,
                   numbers.get(ln.reverses_id) if ln.reverses_id is not None else None, ln.category,
                   f"原明细 #{ln.reverses_id}" if ln.reverses_id is not None
                   and ln.reverses_id not in numbers else "")
            for ln in view.lines]
    total = sum((ln.amount for ln in view.lines), Decimal("0.00"))
    fee_list = FeeListData(view.claim_id, view.version_no, header.case_number, header.patient_name,
                           label, rows, total, view.frozen_at, tuple(identity_pairs(header)))
    return ClaimDocuments(cover, fee_list)


# ------------------------------------------------------------- prescriptions, approvals, value


def prescription_data(session: Session, case_id: int) -> PrescriptionData | None:
    """The case's current prescriptions in one document (None without any)."""
    case = get_case(session, case_id)
    rows = list(session.scalars(select(Prescription).where(
        Prescription.case_id == case_id, Prescription.id.not_in(superseded("prescription")))
        .order_by(Prescription.prescribed_on, Prescription.id)))
    if not rows:
        return None
    by_row = signatures_by_record(session, "prescription", [p.id for p in rows])
    staff = _staff_names(session, {p.prescriber_id for p in rows}
                         | {p.assigned_therapist_id for p in rows if p.assigned_therapist_id})
    signed = sorted({s.id: s for p in rows for s in by_row[p.id]}.values(), key=lambda s: (s.signed_at, s.id))
    return PrescriptionData(
        case_header(session, case),
        tuple(PrescriptionRow(p.id, p.prescribed_on.isoformat(), p.national_code, p.item_name, p.count,
                              p.frequency, p.parameters or "", staff.get(p.prescriber_id, ""),
                              staff.get(p.assigned_therapist_id or 0, ""), p.record_state) for p in rows),
        _last((s.signed_at for s in signed), max(p.created_at for p in rows)), tuple(marks(session, signed)))


def approval_documents(session: Session, case_id: int) -> list[ApprovalData]:
    """Each approval, extension or filing of the case, in the order decided."""
    case = get_case(session, case_id)
    found = sorted(approvals(session, case_id), key=lambda a: (a.decision_date, a.id))
    by_row = signatures_by_record(session, "approval", [a.id for a in found])
    header = case_header(session, case)
    basis = case_basis(session, case, "approval")["approval"][0]
    return [ApprovalData(
        header, a.id, a.kind, REHAB_TYPE_NAMES.get(a.rehab_type, ("未知", ""))[0], a.decision_number,
        a.decision_date.isoformat(), a.issuing_body, a.period_from.isoformat(), a.period_to.isoformat(),
        tuple(ApprovedItemRow(i.national_code, i.name, i.approved_count) for i in a.items), a.record_state,
        _last((s.signed_at for s in by_row[a.id]), a.created_at), a.notes or "", basis,
        tuple(marks(session, by_row[a.id]))) for a in found]


def value_assessment_data(session: Session, case_id: int) -> ValueAssessmentData | None:
    """The rehab value assessment and treatment recommendation recorded with the case (None
    when neither was recorded)."""
    case = get_case(session, case_id)
    if not (case.rehab_value_assessment or case.treatment_recommendation):
        return None
    injury = case.injury
    categories = {c.code: c.name_zh for c in injury_categories()}
    return ValueAssessmentData(
        case_header(session, case), case.id,
        case.rehab_value_date.isoformat() if case.rehab_value_date else "", case.stage, case.setting,
        tuple(case.modes or ()), categories.get(injury.disease_category, injury.disease_category or ""),
        tuple(injury.injured_body_parts or ()), tuple(f"{d.icd_code} {d.icd_name}" for d in injury.diagnoses),
        case.rehab_value_assessment or "", case.treatment_recommendation or "", case.created_at,
        case_basis(session, case, "value_assessment")["value_assessment"][0])
