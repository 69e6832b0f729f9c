"""Read models of transfers (转院, issue 19): a case's transfers out and in, whether it stands
transferred out, each approved item's counts across the transfer (approved by the agency,
used before a transfer in, used here, remaining), the consent rule of the case's pack — and
the input of the transfer summary document."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.db.models import (
    Approval,
    ApprovedItem,
    Assessment,
    Attachment,
    CaseTransfer,
    StaffUser,
    TransferUsedCount,
    TreatmentSession,
)
from desktop_app.documents.transfer_summary import AssessmentLine, ItemCount, TransferSummaryData
from desktop_app.domain.instruments import load_instruments
from desktop_app.domain.rules.policy import cite
from desktop_app.domain.rules.transfer import rules_for
from desktop_app.domain.vocabulary import PHASE_ZH, zh
from desktop_app.errors import NotFound
from desktop_app.services.core.lookup import (
    approvals,
    current_plan,
    get_case,
    granted_counts,
    superseded,
    transferred_used,
)
from desktop_app.services.records.document_view import case_header
from desktop_app.services.rules.region import case_pack

TRANSFERRED_OUT = "transferred_out"
TRANSFERRED_IN = "transferred_in"
STANDING_ZH = {TRANSFERRED_OUT: "已转出", TRANSFERRED_IN: "转入病例"}


@dataclass(frozen=True)
class TransferRow:
    id: int
    direction: str  # in / out
    institution: str  # where to (out) or where from (in)
    transfer_date: date
    reason: str
    outside_region: bool | None
    consent_number: str | None
    consent_date: date | None
    summary_attachment: str | None  # an in's summary: the attachment's file name
    used: tuple[tuple[str, int], ...]  # an in's counts: (national code, used)
    recorded_by: str


@dataclass(frozen=True)
class ConsentRule:
    required_outside: bool  # the pack asks for consent when the destination is outside
    consent_zh: str
    consent_en: str
    outside_zh: str
    outside_en: str
    basis_zh: str  # empty: the text is silent
    basis_en: str


@dataclass(frozen=True)
class TransferPage:
    case_id: int
    case_number: str
    status: str  # the case's status (CaseStatus)
    standing: str  # transferred_out / transferred_in / "" (derived from the rows)
    transferred_out_on: date | None
    rows: tuple[TransferRow, ...]
    counts: tuple[ItemCount, ...]
    rule: ConsentRule
    pack_code: str
    record_state: str = "draft"  # the case's: archived and sealed cases take no transfer


def used_here(session: Session, case_id: int) -> dict[str, int]:
    """Sessions given here per item (the current version of each session)."""
    return {str(code): int(total or 0) for code, total in session.execute(
        select(TreatmentSession.national_code, func.sum(TreatmentSession.count))
        .where(TreatmentSession.case_id == case_id,
               TreatmentSession.id.not_in(superseded("treatment_session")))
        .group_by(TreatmentSession.national_code))}


def item_counts(session: Session, case_id: int) -> tuple[ItemCount, ...]:
    names = {str(code): str(name) for code, name in session.execute(
        select(ApprovedItem.national_code, ApprovedItem.name)
        .join(Approval, Approval.id == ApprovedItem.approval_id)
        .where(Approval.case_id == case_id).order_by(ApprovedItem.id))}
    before = transferred_used(session, [case_id]).get(case_id, {})
    here = used_here(session, case_id)
    return tuple(ItemCount(code, names.get(code, code), count, before.get(code, 0), here.get(code, 0))
                 for code, count in granted_counts(session, case_id).items())


def _rows(session: Session, case_id: int) -> tuple[TransferRow, ...]:
    transfers = list(session.scalars(select(CaseTransfer).where(CaseTransfer.case_id == case_id)
                                     .order_by(CaseTransfer.transfer_date, CaseTransfer.id)))
    used: dict[int, list[tuple[str, int]]] = {}
    for row in session.scalars(select(TransferUsedCount).where(TransferUsedCount.case_id == case_id)
                               .order_by(TransferUsedCount.id)):
        used.setdefault(row.transfer_id, []).append((row.national_code, row.used_count))
    files = {a.id: a.filename for a in session.scalars(select(Attachment).where(
        Attachment.id.in_([t.summary_attachment_id for t in transfers if t.summary_attachment_id])))}
    staff = {s.id: s.display_name for s in session.scalars(select(StaffUser).where(
        StaffUser.id.in_([t.created_by_id for t in transfers if t.created_by_id])))}
    return tuple(TransferRow(
        t.id, t.direction, t.other_institution, t.transfer_date, t.reason or "", t.outside_region,
        t.consent_number, t.consent_date,
        files.get(t.summary_attachment_id) if t.summary_attachment_id else None,
        tuple(used.get(t.id, ())), staff.get(t.created_by_id or 0, "")) for t in transfers)


def transfer_page(session: Session, case_id: int) -> TransferPage:
    case = get_case(session, case_id)
    rows = _rows(session, case_id)
    out = [r for r in rows if r.direction == "out"]
    standing = TRANSFERRED_OUT if out else TRANSFERRED_IN if rows else ""
    pack = case_pack(session, case)
    rules = rules_for(pack.code)
    basis_zh, basis_en = cite(rules.articles) if rules.articles else ("", "")
    return TransferPage(case.id, case.case_number, case.status, standing,
                        out[0].transfer_date if out else None, rows, item_counts(session, case_id),
                        ConsentRule(rules.consent_outside, rules.consent_zh, rules.consent_en,
                                    rules.outside_zh, rules.outside_en, basis_zh, basis_en),
                        pack.code, case.record_state)


def transfers_out(session: Session, case_id: int) -> list[int]:
    return list(session.scalars(select(CaseTransfer.id).where(
        CaseTransfer.case_id == case_id, CaseTransfer.direction == "out").order_by(CaseTransfer.id)))


def standing(session: Session, case_ids: Sequence[int]) -> dict[int, str]:
    """Per case, transferred_out / transferred_in (cases with no transfer left out)."""
    found: dict[int, str] = {}
    for case_id, direction in session.execute(select(CaseTransfer.case_id, CaseTransfer.direction)
                                              .where(CaseTransfer.case_id.in_(list(case_ids)))):
        if direction == "out" or case_id not in found:
            found[case_id] = TRANSFERRED_OUT if direction == "out" else TRANSFERRED_IN
    return found


def _latest_assessments(session: Session, case_id: int, until: date) -> tuple[AssessmentLine, ...]:
    rows = list(session.scalars(select(Assessment).where(
        Assessment.case_id == case_id, Assessment.id.not_in(superseded("assessment")),
        Assessment.assessed_on <= until)
        .order_by(Assessment.assessed_on, Assessment.id)))
    latest: dict[str, Assessment] = {}
    for a in rows:
        latest[a.instrument_code] = a
    instruments = load_instruments()
    out = []
    for code in sorted(latest):
        a = latest[code]
        instrument = instruments.get(code)
        out.append(AssessmentLine(instrument.name_zh if instrument else code, zh(PHASE_ZH, a.phase),
                                  a.assessed_on.isoformat(), "—" if a.total is None else str(a.total),
                                  a.grade or "", a.conclusion or ""))
    return tuple(out)


def summary_data(session: Session, case_id: int, transfer_id: int) -> TransferSummaryData:
    """The transfer summary of a transfer out: the course as it stood on the transfer day
    (approvals decided and assessments made by then; no session can follow it; the discharge,
    which can only come later, not yet), so the binder carries the summary that went with the
    patient, byte for byte, whatever was added to the case afterwards."""
    case = get_case(session, case_id)
    row = session.get(CaseTransfer, transfer_id)
    if row is None or row.case_id != case_id or row.direction != "out":
        raise NotFound(f"本病例没有编号为 {transfer_id} 的转出记录。",
                       f"The case has no transfer out #{transfer_id}.")
    pack = case_pack(session, case)
    rules = rules_for(pack.code)
    basis = cite(rules.articles)[0] if rules.articles else "所在地区办法未作规定"
    if row.consent_number:
        consent = f"{row.consent_number}（{row.consent_date.isoformat() if row.consent_date else '—'}）"
    elif rules.consent_outside and not row.outside_region:
        consent = f"未转往{rules.outside_zh}，无需{rules.consent_zh}"
    else:
        consent = "无需（所在地区办法未作规定）" if not rules.consent_outside else "—"
    found = [a for a in approvals(session, case_id) if a.decision_date <= row.transfer_date]
    approval = "；".join(f"{a.decision_number}：{a.period_from} 至 {a.period_to}" for a in found)
    earlier = [t for t in _rows(session, case_id) if t.direction == "in"]
    plan = current_plan(session, case_id)
    physician = session.get(StaffUser, row.created_by_id) if row.created_by_id else None
    return TransferSummaryData(
        replace(case_header(session, case), discharge_date="未出院"), case.id, row.id,
        row.other_institution,
        row.transfer_date.isoformat(), row.reason or "", consent,
        tuple(f"{d.icd_code} {d.icd_name}" for d in case.injury.diagnoses), approval,
        item_counts(session, case_id), _latest_assessments(session, case_id, row.transfer_date),
        plan.goals if plan is not None else "", physician.display_name if physician else "",
        row.created_at, basis,
        "；".join(f"{t.institution}（{t.transfer_date}）" for t in earlier))
