"""The institution's signing certificate: where its PKCS#12 file is, set by the
administrator (``settings.edit``, audited with the institution's settings). Its password
is never stored: it is asked for at each export, and only held by the signing function
for that export."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Institution, StaffUser
from desktop_app.documents.signer import PdfSigner
from desktop_app.domain.vocabulary import Action
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case

CERTIFICATE_SETTING = "signing_certificate"
SIGNING_REASON = "档案出具"


def certificate_path(session: Session) -> Path | None:
    """The configured PKCS#12 file, or None."""
    institution = session.scalars(select(Institution).limit(1)).first()
    value = (institution.settings or {}).get(CERTIFICATE_SETTING) if institution else None
    return Path(value) if isinstance(value, str) and value else None


@use_case(Action.SETTINGS_EDIT)
def set_certificate_path(uow: UnitOfWork, path: str | None) -> None:
    """Set (or, with None or blank, clear) the certificate file; it must exist now."""
    text = (path or "").strip()
    if text and not Path(text).is_file():
        raise_if_blocking([FieldError("机构证书", f"找不到文件：{text}", f"No such file: {text}",
                                      key="certificate")])
    institution = uow.session.scalars(select(Institution).limit(1)).first()
    if institution is None:
        raise UserError("请先填写机构信息。", "Enter the institution first.")
    settings = dict(institution.settings or {})
    if text:
        settings[CERTIFICATE_SETTING] = str(Path(text).resolve())
    else:
        settings.pop(CERTIFICATE_SETTING, None)
    institution.settings = settings


def pdf_signer(session: Session, officer_id: int | None, pkcs12: Path, password: str) -> PdfSigner:
    """Signs PDFs as the officer (called with a PDF's bytes) and the package's tag manifest
    with the certificate; a wrong file or password fails here, before any work
    (``pdf_signing.SigningFailed``)."""
    from desktop_app.documents.pdf_signing import InstitutionSigner, load_signer

    load_signer(pkcs12, password)
    officer = session.get(StaffUser, officer_id) if officer_id is not None else None
    institution = session.scalars(select(Institution).limit(1)).first()
    return InstitutionSigner(pkcs12, password, officer_name=officer.display_name if officer else "",
                             reason=SIGNING_REASON,
                             location=(institution.region if institution else "") or "机构")
