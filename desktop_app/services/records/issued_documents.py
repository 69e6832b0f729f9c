"""Issuing a document: build the PDF with the audit anchor stored for its content.

A document is identified by the SHA-256 of its content (``documents/identity``). The
first time a content is issued, the head of the audit chain becomes its anchor and an
``issued_document`` row keeps it (with the institution as printed and the PDF's own
hash); every later issue of the same content reads the anchor from that row, so the
rebuild is byte-identical and says so. Each issue writes an ``export`` audit event in
the caller's unit of work. Callers check permissions and commit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import IssuedDocument
from desktop_app.documents.appraisal_summary import appraisal_summary_doc_id, build_appraisal_summary
from desktop_app.documents.approval import approval_doc_id, build_approval
from desktop_app.documents.archive_list import archive_list_doc_id, build_archive_list
from desktop_app.documents.assessment_report import assessment_doc_id, build_assessment_report
from desktop_app.documents.claim_cover import build_claim_cover, cover_doc_id
from desktop_app.documents.engine import BuiltDocument
from desktop_app.documents.execution_sheet import build_execution_sheet, execution_doc_id
from desktop_app.documents.fee_list import build_fee_list, fee_list_doc_id
from desktop_app.documents.identity import CONTENT_SUFFIX, AuditAnchor, Institution, document_content, hashed
from desktop_app.documents.notice import build_notice, notice_doc_id
from desktop_app.documents.pdfa import EmbeddedFile
from desktop_app.documents.plan import build_plan, plan_doc_id
from desktop_app.documents.prescription import build_prescription, prescription_doc_id
from desktop_app.documents.signing_sheet import build_signing_sheet, signing_sheet_doc_id
from desktop_app.documents.transfer_summary import build_transfer_summary, transfer_summary_doc_id
from desktop_app.documents.value_assessment import build_value_assessment, value_assessment_doc_id
from desktop_app.domain.canonical import sha256_hex
from desktop_app.services.core import audit
from desktop_app.services.core.audit_chain import chain_head
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.records import document_view

Builder = Callable[..., BuiltDocument]
# kind → (document id of the input, builder)
KINDS: dict[str, tuple[Callable[[Any], str], Builder]] = {
    "plan": (plan_doc_id, build_plan),
    "execution_sheet": (execution_doc_id, build_execution_sheet),
    "assessment": (assessment_doc_id, build_assessment_report),
    "claim_cover": (cover_doc_id, build_claim_cover),
    "fee_list": (fee_list_doc_id, build_fee_list),
    "archive_list": (archive_list_doc_id, build_archive_list),
    "signing_sheet": (signing_sheet_doc_id, build_signing_sheet),
    "prescription": (prescription_doc_id, build_prescription),
    "approval": (approval_doc_id, build_approval),
    "value_assessment": (value_assessment_doc_id, build_value_assessment),
    "appraisal_summary": (appraisal_summary_doc_id, build_appraisal_summary),  # 先康复后鉴定 (issue 19)
    "notice": (notice_doc_id, build_notice),  # 终止康复治疗书面通知 (Beijing Art. 14; issue 19)
    "transfer_summary": (transfer_summary_doc_id, build_transfer_summary),  # issue 19
}
WITH_FILES = frozenset({"claim_cover", "fee_list"})


@dataclass(frozen=True)
class Source:
    """The record a document is issued from (for the archive list and the audit trail)."""

    case_id: int | None
    record_type: str
    record_id: int
    key: str = ""  # e.g. the month of an execution sheet, the instrument of a report


@dataclass(frozen=True)
class IssuedPdf:
    row_id: int
    kind: str
    doc_id: str
    content_sha256: str
    pdf_sha256: str
    anchor: AuditAnchor
    issued_at: datetime
    pdf: bytes
    first_issue: bool
    identical_to_first: bool  # always True on a first issue
    first_issued_at: datetime  # when the row was written (the first issue)
    content: bytes  # the canonical bytes content_sha256 is the SHA-256 of (identity.document_content)

    @property
    def filename(self) -> str:
        return f"{self.doc_id}.pdf"

    @property
    def content_filename(self) -> str:
        """The file beside the PDF in a package holding ``content``."""
        return f"{self.doc_id}{CONTENT_SUFFIX}"


@dataclass(frozen=True)
class IssueOrder:
    """What building a document needs, read from the archive (``order``): its input, and
    the anchor and institution it is printed with — the stored ones when its content was
    issued before. Plain data: it can be built in another process (``build``)."""

    kind: str
    data: Any
    source: Source
    doc_id: str
    content: bytes
    content_sha256: str
    anchor: AuditAnchor
    institution: Institution
    files: tuple[EmbeddedFile, ...] = ()


def order(session: Session, kind: str, data: Any, source: Source, files: Sequence[EmbeddedFile] = (),
          anchor: AuditAnchor | None = None) -> IssueOrder:
    """The order for ``data`` as a ``kind`` document: a first issue is anchored at the head
    of the audit chain, or at ``anchor`` when given (a batch anchors all its documents at
    the head it began with)."""
    doc_id_of, _build = KINDS[kind]
    doc_id = doc_id_of(data)
    content = document_content(kind, doc_id, data)
    sha = sha256_hex(content)
    row = session.scalars(select(IssuedDocument).where(IssuedDocument.content_sha256 == sha)).first()
    if row is not None:
        stored = AuditAnchor(row.anchor_seq, row.anchor_hash)
        printed = Institution(**row.institution)  # type: ignore[arg-type]
    else:
        stored = anchor or AuditAnchor(*chain_head(session))
        printed = document_view.institution(session)
    return IssueOrder(kind, data, source, doc_id, content, sha, stored, printed,
                      tuple(files) if kind in WITH_FILES else ())


def build(job: IssueOrder) -> BuiltDocument:
    """The PDF of an order (pure: no database)."""
    extra = {"files": list(job.files)} if job.kind in WITH_FILES else {}
    with hashed(job.kind, job.doc_id, job.data, job.content_sha256):
        return KINDS[job.kind][1](job.data, institution=job.institution, anchor=job.anchor, **extra)


def record(uow: UnitOfWork, job: IssueOrder, pdf: bytes, issued_at: datetime) -> IssuedPdf:
    """Record the issue of ``job`` built as ``pdf``: its row the first time, an ``export``
    audit event each time. The caller commits."""
    session = uow.session
    sha = job.content_sha256
    pdf_sha = sha256_hex(pdf)
    row = session.scalars(select(IssuedDocument).where(IssuedDocument.content_sha256 == sha)).first()
    first = row is None
    if row is None:
        row = IssuedDocument(content_sha256=sha, doc_id=job.doc_id, kind=job.kind,
                             case_id=job.source.case_id, source_type=job.source.record_type,
                             source_id=job.source.record_id, source_key=job.source.key,
                             issued_at=issued_at, anchor_seq=job.anchor.seq,
                             anchor_hash=job.anchor.head_hash, institution=asdict(job.institution),
                             pdf_sha256=pdf_sha, created_at=uow.clock.now(), created_by_id=uow.actor_id)
        session.add(row)
        session.flush()
    audit.record_event(session, "export", "issued_document", row.id, case_id=job.source.case_id, details={
        "kind": job.kind, "doc_id": job.doc_id, "content_sha256": sha, "pdf_sha256": pdf_sha,
        "anchor_seq": job.anchor.seq, "first_issue": first, "identical": pdf_sha == row.pdf_sha256})
    return IssuedPdf(row.id, job.kind, job.doc_id, sha, pdf_sha, job.anchor, issued_at, pdf,
                     first, pdf_sha == row.pdf_sha256, row.created_at, job.content)


def issue(uow: UnitOfWork, kind: str, data: Any, source: Source,
          files: Sequence[EmbeddedFile] = ()) -> IssuedPdf:
    """Build ``data`` as a ``kind`` document with its stored (or, first time, the current)
    audit anchor; record the issue and an ``export`` audit event. The caller commits."""
    job = order(uow.session, kind, data, source, files)
    built = build(job)
    return record(uow, job, built.pdf, built.meta.issued_at)


def issued_of_case(uow: UnitOfWork, case_id: int) -> list[IssuedDocument]:
    return list(uow.session.scalars(select(IssuedDocument).where(IssuedDocument.case_id == case_id)
                                    .order_by(IssuedDocument.id)))
