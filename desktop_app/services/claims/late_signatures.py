"""Late signatures on the records a claim covers, and their acknowledgement (签署时效确认).

A signature given later than the institution's limit after its event, or after the case's
discharge (``services.integrity.signature_timing``), does not make a record missing, so the
gate does not block on it; but it weakens the record as evidence (Luzhou Art. 29 and
Beijing Art. 13: vague or untrue records are not paid). The gate therefore lists each such
signature as a warning that the records officer must acknowledge, with a reason, before
the claim is built (``acknowledge``, audited, append-only rows of ``late_signature_ack``);
the claim cover then prints every acknowledgement (who, when, the reason).

The records a claim covers: the case's approvals, every plan version, its current
prescriptions, assessments and out-of-scope consents, and the sessions the claim bills.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import (
    Approval,
    Assessment,
    Claim,
    FeeLine,
    LateSignatureAck,
    OutOfScopeConsent,
    Prescription,
    RehabCase,
    StaffUser,
    TreatmentPlan,
)
from desktop_app.domain.claim_data import LateSignatureNote
from desktop_app.domain.signature_timing import Timing, delay_text
from desktop_app.domain.vocabulary import Action
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.core.lookup import get_case, superseded
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.integrity.signature_timing import timings


@dataclass(frozen=True)
class LateSignature:
    timing: Timing
    acknowledgement: LateSignatureAck | None = None


def covered_records(session: Session, case: RehabCase,
                    billed_sessions: Iterable[int]) -> list[tuple[str, int]]:
    """The records of ``case`` a claim billing ``billed_sessions`` rests on."""
    records: list[tuple[str, int]] = []
    current: dict[str, type[Prescription] | type[Assessment] | type[OutOfScopeConsent]] = {
        "prescription": Prescription, "assessment": Assessment,
        "out_of_scope_consent": OutOfScopeConsent}
    records += [("approval", i) for i in session.scalars(
        select(Approval.id).where(Approval.case_id == case.id).order_by(Approval.id))]
    records += [("treatment_plan", i) for i in session.scalars(
        select(TreatmentPlan.id).where(TreatmentPlan.case_id == case.id).order_by(TreatmentPlan.id))]
    for record_type, model in current.items():
        records += [(record_type, i) for i in session.scalars(
            select(model.id).where(model.case_id == case.id, model.id.not_in(superseded(record_type)))
            .order_by(model.id))]
    records += [("treatment_session", i) for i in sorted(set(billed_sessions))]
    return records


def late_signatures(session: Session, case: RehabCase,
                    billed_sessions: Iterable[int]) -> list[LateSignature]:
    """Every late signature on the records the claim covers, with its acknowledgement."""
    late = [t for t in timings(session, covered_records(session, case, billed_sessions)) if t.late]
    if not late:
        return []
    acks = {(a.signature_id, a.record_type, a.record_id): a for a in session.scalars(
        select(LateSignatureAck).where(LateSignatureAck.case_id == case.id))}
    return [LateSignature(t, acks.get(t.key)) for t in late]


def _reason_error(reason: str) -> list[FieldError]:
    if reason.strip():
        return []
    return [FieldError("原因", "确认延迟签名须说明原因（记入档案和结算申报封面）",
                       "Acknowledging late signatures needs a reason (kept in the archive and "
                       "printed on the claim cover)", key="reason")]


@use_case(Action.CLAIM_BUILD, case="case_id")
def acknowledge(uow: UnitOfWork, case_id: int, period: str, reason: str) -> int:
    """The records officer acknowledges, with one reason, every late signature the gate
    lists for a claim of ``period`` and nobody has acknowledged yet. Returns how many."""
    from desktop_app.services.claims import claim_gate

    raise_if_blocking(_reason_error(reason))
    session = uow.session
    case = get_case(session, case_id)
    report = claim_gate.report(session, case.id, period, uow.clock.today())
    waiting = [item.timing for item in report.late if item.acknowledgement is None]
    if not waiting:
        raise UserError("没有需要确认的延迟签名。", "No late signature waits for acknowledgement.")
    for timing in waiting:
        session.add(LateSignatureAck(
            case_id=case.id, signature_id=timing.signature_id, record_type=timing.record_type,
            record_id=timing.record_id, delay_days=timing.delay_days,
            after_discharge=timing.after_discharge, reason=reason.strip(),
            created_at=uow.clock.now(), created_by_id=uow.actor_id))
    session.flush()
    return len(waiting)


def claim_notes(session: Session, claim: Claim) -> tuple[LateSignatureNote, ...]:
    """The acknowledged late signatures on the records ``claim`` covers, as its cover prints
    them. A frozen claim shows only acknowledgements made before it was frozen, so its
    documents never change afterwards. A case nobody acknowledged a late signature on has
    none to print, whatever the signatures' timing (most cases: their timing is not judged)."""
    if session.scalar(select(LateSignatureAck.id).where(
            LateSignatureAck.case_id == claim.case_id).limit(1)) is None:
        return ()
    case = get_case(session, claim.case_id)
    billed = session.scalars(select(FeeLine.session_id).where(
        FeeLine.claim_id == claim.id, FeeLine.session_id.is_not(None), FeeLine.reverses_id.is_(None)))
    items = [i for i in late_signatures(session, case, [s for s in billed if s is not None])
             if i.acknowledgement is not None
             and (claim.frozen_at is None or i.acknowledgement.created_at <= claim.frozen_at)]
    names = {u.id: u.display_name for u in session.scalars(select(StaffUser).where(
        StaffUser.id.in_({i.acknowledgement.created_by_id for i in items if i.acknowledgement})))}
    notes = []
    for item in items:
        ack = item.acknowledgement
        assert ack is not None
        zh, en = delay_text(item.timing)
        record_zh, record_en = item.timing.record_label
        notes.append(LateSignatureNote(
            record_zh, record_en, item.timing.signer_name, item.timing.signed_at, zh, en,
            item.timing.after_discharge, ack.reason, names.get(ack.created_by_id or 0, ""),
            ack.created_at))
    return tuple(notes)
