"""The case's application and order documents as PDFs: each approval (核准/确认结论), the
rehab value assessment with the treatment recommendation, the prescriptions. The binder
carries them all; a claim package carries those its case's rules ask for
(``PolicyPack.claim_documents``, e.g. Luzhou Art. 30). Issued through ``issued_documents``,
so a rebuild is byte-identical."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.documents.approval import TITLE as APPROVAL_TITLE
from desktop_app.documents.notice import TITLE as NOTICE_TITLE
from desktop_app.documents.prescription import TITLE as PRESCRIPTION_TITLE
from desktop_app.documents.transfer_summary import TITLE as TRANSFER_TITLE
from desktop_app.documents.value_assessment import TITLE as VALUE_TITLE
from desktop_app.domain.rules.packs import CLAIM_DOCUMENT_KINDS
from desktop_app.services.clinical.transfer_view import summary_data, transfers_out
from desktop_app.services.clinical.value_report_documents import (
    signed_notice_documents,
    signed_value_documents,
)
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.records import document_view
from desktop_app.services.records.issued_documents import IssuedPdf, Source, issue

# The binder's section of each kind (documents/archive_list.SECTIONS).
SECTIONS = {"approval": "申请材料与核准", "value_assessment": "申请材料与核准",
            "prescription": "康复治疗处方", "notice": "其他", "transfer_summary": "其他"}
# The binder's kinds: a claim's, the written notices ending a course (Beijing Art. 14) and
# the transfer summary (issue 19).
BINDER_KINDS = (*CLAIM_DOCUMENT_KINDS, "notice", "transfer_summary")


@dataclass(frozen=True)
class CaseDocument:
    kind: str
    title: str  # as the archive list names it
    doc: IssuedPdf


def case_documents(uow: UnitOfWork, case_id: int,
                   kinds: Iterable[str] = BINDER_KINDS) -> list[CaseDocument]:
    """Issue the case's documents of ``kinds`` (in that order) for the binder (every signed
    version of the value report); a kind the case has nothing for (no prescription, no value
    assessment recorded) is left out."""
    return [CaseDocument(kind, title, issue(uow, kind, data, source))
            for kind, title, data, source in case_document_inputs(uow.session, case_id, kinds,
                                                                   every_version=True)]


def case_document_inputs(session: Session, case_id: int, kinds: Iterable[str] = CLAIM_DOCUMENT_KINDS, *,
                         every_version: bool = False) -> list[tuple[str, str, Any, Source]]:
    """``(kind, title, input, source)`` of each document ``case_documents`` issues, in order.
    The value report is its signed version (the latest, or ``every_version``), else, for a
    case without one, the text entered at registration."""
    out: list[tuple[str, str, Any, Source]] = []
    for kind in kinds:
        if kind == "approval":
            out += [(kind, f"{APPROVAL_TITLE} {data.decision_number}", data,
                     Source(case_id, "approval", data.approval_id))
                    for data in document_view.approval_documents(session, case_id)]
        elif kind == "value_assessment" and (signed := signed_value_documents(
                session, case_id, every_version=every_version)):
            out += [(kind, f"{VALUE_TITLE}（第 {data.version_no} 版）", data,
                     Source(case_id, "value_report", report_id)) for report_id, data in signed]
        elif kind == "notice":
            out += [(kind, f"{NOTICE_TITLE} {data.issued_on}", data,
                     Source(case_id, "course_notice", notice_id))
                    for notice_id, data in signed_notice_documents(session, case_id)]
        elif kind == "value_assessment":
            value = document_view.value_assessment_data(session, case_id)
            if value is not None:
                out.append((kind, VALUE_TITLE, value, Source(case_id, "rehab_case", case_id,
                                                             "value_assessment")))
        elif kind == "prescription":
            orders = document_view.prescription_data(session, case_id)
            if orders is not None:
                out.append((kind, f"{PRESCRIPTION_TITLE}（{len(orders.rows)} 张）", orders,
                            Source(case_id, "rehab_case", case_id, "prescriptions")))
        elif kind == "transfer_summary":
            out += [(kind, f"{TRANSFER_TITLE}（转往{data.to_institution}）", data,
                     Source(case_id, "case_transfer", data.transfer_id))
                    for data in (summary_data(session, case_id, t) for t in transfers_out(session, case_id))]
        else:
            raise ValueError(f"not a case document kind: {kind}")
    return out
