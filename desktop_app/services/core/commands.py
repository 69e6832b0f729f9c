"""Plain inputs of the use cases (what a form or the CLI hands to a service)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from desktop_app.domain.session_params import NONE as NO_PARAMETERS
from desktop_app.domain.session_params import SessionParameters


@dataclass(frozen=True)
class AttachmentInput:
    """A scanned file to keep with a case (its media type is read from the content)."""

    filename: str
    content: bytes
    kind: str  # domain.attachments.KINDS
    description: str | None = None


@dataclass(frozen=True)
class EmployerInput:
    name: str
    credit_code: str = ""
    address: str | None = None
    contact_name: str | None = None
    phone: str | None = None
    insurance_region: str | None = None


@dataclass(frozen=True)
class DiagnosisInput:
    icd_code: str
    icd_name: str
    code_list_version: str = "国家临床版2.0"


@dataclass(frozen=True)
class EligibilityFacts:
    """Facts checked at intake (Beijing Art. 6, Luzhou Art. 4)."""

    injury_recognised: bool = True
    employment_ended: bool = False
    insurance_transferred: bool = False
    insurance_relation_ended: bool = False


@dataclass(frozen=True)
class RegistrationInput:
    """Register a worker (or find them by ID number), their employer, injury and a case."""

    name: str
    resident_id: str
    phone: str | None
    employer: EmployerInput
    recognition_number: str
    recognition_date: date
    injury_date: date
    injured_body_parts: tuple[str, ...]
    diagnoses: tuple[DiagnosisInput, ...]
    disease_category: str
    stage: str
    setting: str
    modes: tuple[str, ...] = ()
    disability_grade: int | None = None
    occupational_disease: bool = False
    social_security_card: str | None = None
    address: str | None = None
    relative_name: str | None = None
    relative_relation: str | None = None
    relative_phone: str | None = None
    eligibility: EligibilityFacts = field(default_factory=EligibilityFacts)
    rehab_value_assessment: str | None = None
    rehab_value_date: date | None = None
    treatment_recommendation: str | None = None
    payment_method: str = "per_item"
    materials: tuple[AttachmentInput, ...] = ()  # application materials (scans)


@dataclass(frozen=True)
class ApprovedItemInput:
    national_code: str
    name: str
    approved_count: int | None = None


@dataclass(frozen=True)
class ApprovalInput:
    kind: str  # approval / extension / early_filing
    decision_number: str
    decision_date: date
    issuing_body: str
    period_from: date
    period_to: date
    items: tuple[ApprovedItemInput, ...] = ()
    notes: str | None = None
    decision_scan: AttachmentInput | None = None
    rehab_type: str = "medical"  # domain.rules.packs.REHAB_TYPES: the period caps differ
    application_id: int | None = None  # the application (工伤康复申请) it answers (issue 19)


@dataclass(frozen=True)
class AdmissionInput:
    admission_date: date
    resident_id_entered: str  # re-entered or read from the card: must match
    check_method: str = "manual"  # manual / id_card_reader / social_security_card
    bed_number: str | None = None


@dataclass(frozen=True)
class PlanItemInput:
    national_code: str
    frequency: str
    total_count: int


@dataclass(frozen=True)
class PlanInput:
    period_from: date
    period_to: date
    goals: str
    expected_effect: str
    precautions: str
    items: tuple[PlanItemInput, ...]


@dataclass(frozen=True)
class PrescriptionInput:
    national_code: str
    count: int
    frequency: str
    prescribed_on: date
    prescriber_id: int
    assigned_therapist_id: int | None = None
    parameters: str | None = None


@dataclass(frozen=True)
class SessionInput:
    national_code: str
    therapist_id: int
    started_at: datetime
    ended_at: datetime
    count: int = 1
    location: str | None = None
    notes: str | None = None
    prescription_id: int | None = None
    # Why the session goes beyond a count (plan, approval, catalogue): required then, and
    # such a session is never billed to the fund (services.rules.session_limits).
    limit_reason: str | None = None
    # The per-session parameters (domain.session_params), none by default.
    parameters: SessionParameters = NO_PARAMETERS


@dataclass(frozen=True)
class AssessmentInput:
    phase: str
    instrument_code: str
    values: dict[str, object]
    assessed_on: date
    assessor_id: int
    grading_scheme: str | None = None
    conclusion: str | None = None


@dataclass(frozen=True)
class DischargeInput:
    discharge_date: date
    end_reason: str
    note: str | None = None
    # Outcome (issue 18): required for a new discharge (domain.vocabulary
    # DISCHARGE_DESTINATIONS, RETURN_TO_WORK); satisfaction 1–5 is optional.
    destination: str | None = None
    return_to_work: str | None = None
    satisfaction: int | None = None
