"""The patient signs on paper, for ward PCs without a signature pad: print the sessions
awaiting the patient's signature (康复执行单 signing page, issued and audited like every
document), then attach the signed page's scan, which signs exactly those records.

The scan is stored with the case and the signature in one transaction: either both are
kept or neither is.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.db.models import RehabCase
from desktop_app.domain.vocabulary import Action
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.clinical.bedside import awaiting_sessions
from desktop_app.services.core.commands import AttachmentInput
from desktop_app.services.core.lookup import get_case
from desktop_app.services.core.permissions import authorize_case, authorize_record
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.integrity import signing
from desktop_app.services.integrity.signing import Signer
from desktop_app.services.records import document_view
from desktop_app.services.records.attachments import attachment_errors, store_attachment
from desktop_app.services.records.issued_documents import IssuedPdf, Source, issue

SCAN_FIELD = "签名扫描件"


def _on_the_sessions(uow: UnitOfWork, session_ids: Sequence[int]) -> None:
    rows = awaiting_sessions(uow.session, session_ids)
    authorize_record(uow, Action.RECORD_PATIENT_SIGN, "treatment_session", rows[0])


@use_case(Action.RECORD_PATIENT_SIGN, authorize_with=_on_the_sessions)
def print_signing_sheet(uow: UnitOfWork, session_ids: Sequence[int]) -> IssuedPdf:
    """The signing page of the sessions, issued (anchored and audited) for printing."""
    rows = awaiting_sessions(uow.session, session_ids)
    data = document_view.signing_sheet_data(uow.session, rows, uow.clock.now())
    return issue(uow, "signing_sheet", data, Source(rows[0].case_id, "treatment_session", rows[0].id,
                                                    data.label))


def _case_of(uow: UnitOfWork, records: Sequence[tuple[str, int]]) -> RehabCase:
    """The one case the records belong to (a scan is filed with one case)."""
    case_ids = {getattr(signing.record_to_sign(uow.session, record_type, record_id), "case_id", None)
                for record_type, record_id in records}
    case_id = case_ids.pop() if len(case_ids) == 1 else None
    if case_id is None:
        raise UserError("一份签名扫描件只能签署同一病例的记录。",
                        "One signature scan signs records of one case only.")
    return get_case(uow.session, case_id)


def _on_the_records_case(uow: UnitOfWork, records: Sequence[tuple[str, int]], **_: object) -> None:
    authorize_case(uow, Action.CASE_ATTACH, _case_of(uow, records))


@use_case(Action.CASE_ATTACH, authorize_with=_on_the_records_case)
def sign_with_scan(uow: UnitOfWork, records: Sequence[tuple[str, int]], meaning: str, signer: Signer,
                   scan: AttachmentInput) -> int:
    """Keep the signed paper's scan with the case and sign ``records`` with it (the signing
    itself is authorised as its own use case). Returns the signature id."""
    case = _case_of(uow, records)
    errors: list[FieldError] = list(attachment_errors(scan, SCAN_FIELD, "scan"))
    errors += (signing.employer_signer_errors(signer) if signer.kind == signing.EMPLOYER
               else signing.patient_signer_errors(signer))
    raise_if_blocking(errors)
    attachment = store_attachment(uow, case.id, scan)
    return signing.sign(uow, list(records), meaning, signer, scan_attachment_id=attachment.id)
