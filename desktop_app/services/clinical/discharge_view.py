"""What the discharge page shows before the course is ended and the case archived: the
case's state, whether a post assessment exists, every record still waiting for a
signature or for a licensed reviewer's co-signature (what blocks ``archive_case``), and
whether the assessments suggest ending the course. Plain data, no Qt."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from desktop_app.domain.vocabulary import State
from desktop_app.services.clinical.assessment_view import AssessmentRow, assessment_rows, outcome_report
from desktop_app.services.core.lookup import get_case
from desktop_app.services.integrity.sign_summary_view import KIND_LABELS, records_to_sign
from desktop_app.services.integrity.signing import awaiting_cosignature
from desktop_app.services.records.retention import retention_of, unsigned_records
from desktop_app.services.rules.region import case_basis

UNSIGNED = ("待签名", "awaiting a signature")
COSIGN = ("待上级审核签名", "awaiting a licensed reviewer's co-signature")


@dataclass(frozen=True)
class PendingSignature:
    record_type: str
    record_id: int
    kind: str  # 治疗方案 / 处方 / 治疗记录 / 评估…
    description: str  # what the record is, as the signer would read it
    waiting_zh: str
    waiting_en: str


@dataclass(frozen=True)
class DischargeFacts:
    case_id: int
    case_number: str
    patient_name: str
    status: str
    record_state: str
    admission_date: date | None
    discharge_date: date | None
    end_reason: str | None
    end_note: str | None
    post_assessments: tuple[AssessmentRow, ...]
    pending: tuple[PendingSignature, ...]
    suggest_end: bool
    retain_until: date | None
    # End reason → the article the case's pack cites for it (zh, en; empty: silent);
    # "notice": the written notice to end for non-cooperation, where the region requires it.
    reason_basis: dict[str, tuple[str, str]] = field(default_factory=dict)
    # The outcome recorded at discharge (issue 18; None for discharges before it).
    destination: str | None = None
    return_to_work: str | None = None
    satisfaction: int | None = None

    @property
    def archived(self) -> bool:
        return self.record_state == State.ARCHIVED


def _pending(session: Session, records: list[tuple[str, int]], why: tuple[str, str]
             ) -> list[PendingSignature]:
    found = []
    for record_type, record_id in records:
        line = records_to_sign(session, [(record_type, record_id)]).lines[0]
        found.append(PendingSignature(record_type, record_id, KIND_LABELS.get(record_type, record_type),
                                      line, *why))
    return found


def pending_signatures(session: Session, case_id: int) -> list[PendingSignature]:
    """Unsigned records first, then assistants' records awaiting a co-signature."""
    return (_pending(session, unsigned_records(session, case_id), UNSIGNED)
            + _pending(session, awaiting_cosignature(session, case_id), COSIGN))


def discharge_facts(session: Session, case_id: int) -> DischargeFacts:
    case = get_case(session, case_id)
    posts = tuple(r for r in assessment_rows(session, case_id) if r.phase == "post")
    retention = retention_of(session, case_id)
    return DischargeFacts(
        case.id, case.case_number, case.worker.name, case.status, case.record_state, case.admission_date,
        case.discharge_date, case.end_reason, case.end_note, posts,
        tuple(pending_signatures(session, case_id)), outcome_report(session, case_id).suggest_end,
        retention.retain_until if retention is not None else None,
        {key: basis for key, basis in zip(
            ("no_further_benefit", "non_cooperation", "transfer_out", "notice"),
            case_basis(session, case, *REASON_TOPICS).values(), strict=True)},
        case.discharge_destination, case.return_to_work, case.discharge_satisfaction)


REASON_TOPICS = ("end_no_benefit", "end_non_cooperation", "transfer", "end_notice")
