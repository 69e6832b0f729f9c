"""All tables of the archive. Importing this module registers them on ``Base.metadata``."""

from desktop_app.db.base import Base
from desktop_app.db.models.answers import ClaimAnswer
from desktop_app.db.models.application import ApplicationItem, RehabApplication
from desktop_app.db.models.case import (
    Approval,
    ApprovedItem,
    CaseTransfer,
    InpatientLeave,
    RehabCase,
    TransferUsedCount,
)
from desktop_app.db.models.documents import IssuedDocument
from desktop_app.db.models.expert_device import DeviceRecord, ExpertEvaluation
from desktop_app.db.models.fees import (
    CatalogueItem,
    CataloguePack,
    Claim,
    FeeLine,
    OutOfScopeConsent,
)
from desktop_app.db.models.follow_up import FollowUp
from desktop_app.db.models.integrity import (
    Amendment,
    Attachment,
    AttachmentBlob,
    AuditEvent,
    DisposalRecord,
    DisposalRequest,
    DisposalRequestItem,
    LateSignatureAck,
    NumberSequence,
    RetentionRecord,
    Signature,
    SignatureItem,
    VerifiedAnchor,
)
from desktop_app.db.models.organisation import Institution, StaffUser
from desktop_app.db.models.people import Diagnosis, Employer, Injury, Worker
from desktop_app.db.models.summary import MonthlySummary
from desktop_app.db.models.treatment import (
    Assessment,
    PlanItem,
    Prescription,
    TreatmentPlan,
    TreatmentSession,
)
from desktop_app.db.models.value_report import CourseNotice, ValueReport  # 0018

__all__ = [
    "ApplicationItem", "RehabApplication",
    "DeviceRecord", "ExpertEvaluation",
    "Amendment", "Approval", "ApprovedItem", "Assessment", "Attachment", "AttachmentBlob",
    "AuditEvent", "Base", "CaseTransfer", "InpatientLeave", "CatalogueItem", "CataloguePack", "Claim",
    "ClaimAnswer",
    "Diagnosis", "DisposalRecord", "DisposalRequest", "DisposalRequestItem", "Employer",
    "FeeLine", "FollowUp", "Injury", "Institution", "IssuedDocument", "LateSignatureAck", "NumberSequence",
    "MonthlySummary",
    "OutOfScopeConsent", "PlanItem", "Prescription", "RehabCase", "RetentionRecord",
    "Signature", "SignatureItem", "StaffUser", "TreatmentPlan", "TreatmentSession", "Worker",
    "VerifiedAnchor",
    "ValueReport", "CourseNotice",  # 0018
    "TransferUsedCount",  # migration 0019
]
