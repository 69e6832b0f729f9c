"""The institution's signing certificate: where its PKCS#12 file is, set by the
administrator (``settings.edit``, audited with the institution's settings). Its password
is never stored: it is asked for at each export, and only held by the signing function
for that export.

The RFC 3161 time-stamping service (its URL, set the same way): with one, every signature
carries its trusted time and the export stops, before any work, if the service does not
answer; without one, the stamp says the signing time is the PC's clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Institution, StaffUser
from desktop_app.documents.signer import PdfSigner
from desktop_app.domain.vocabulary import Action
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case

CERTIFICATE_SETTING = "signing_certificate"
TIMESTAMP_SETTING = "timestamp_service"
MAX_URL_LENGTH = 500
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


def timestamp_url(session: Session) -> str | None:
    """The configured time-stamping service's URL, or None (the stamp then says PC clock)."""
    institution = session.scalars(select(Institution).limit(1)).first()
    value = (institution.settings or {}).get(TIMESTAMP_SETTING) if institution else None
    return value if isinstance(value, str) and value else None


def timestamp_url_problem(text: str) -> FieldError | None:
    """Why ``text`` is not the URL of a time-stamping service (http or https, with a host)."""
    parts = urlsplit(text)
    if (parts.scheme not in ("http", "https") or not parts.hostname or len(text) > MAX_URL_LENGTH
            or any(c.isspace() for c in text)):
        return FieldError("时间戳服务", "应为 http:// 或 https:// 开头的网址，如 http://tsa.example.cn/tsa",
                          "must be an http:// or https:// URL, e.g. http://tsa.example.cn/tsa",
                          key="timestamp_url")
    try:
        parts.port  # noqa: B018 - a port that is no number raises
    except ValueError:
        return FieldError("时间戳服务", "网址中的端口不正确", "the URL's port is not valid",
                          key="timestamp_url")
    if parts.username is not None or parts.password is not None:
        # The setting is stored, audited and copied into every backup: no secret belongs in it.
        return FieldError("时间戳服务", "网址中不得包含用户名或密码（会写入审计记录和备份）",
                          "must not contain a user name or password (it is kept in the audit "
                          "trail and in backups)", key="timestamp_url")
    return None


@use_case(Action.SETTINGS_EDIT)
def set_timestamp_url(uow: UnitOfWork, url: str | None) -> None:
    """Set (or, with None or blank, clear) the RFC 3161 time-stamping service; it is not
    asked here (``check_timestamp_service`` does, at the administrator's request)."""
    text = (url or "").strip()
    if text:
        raise_if_blocking([p for p in (timestamp_url_problem(text),) if p is not None])
    institution = uow.session.scalars(select(Institution).limit(1)).first()
    if institution is None:
        raise UserError("请先填写机构信息。", "Enter the institution first.")
    settings = dict(institution.settings or {})
    if text:
        settings[TIMESTAMP_SETTING] = text
    else:
        settings.pop(TIMESTAMP_SETTING, None)
    institution.settings = settings


@dataclass(frozen=True)
class TimestampCheck:
    """What the service answered to a test request."""

    url: str
    time: datetime  # the service's time (UTC)
    authority: str  # the subject of its certificate


def check_timestamp_service(url: str) -> TimestampCheck:
    """Ask the service at ``url`` for one timestamp over a test digest; a bad URL is a
    ``ValidationFailed``, no valid answer a ``pdf_signing.TimestampUnavailable``. Changes
    nothing, so it is no use case."""
    from desktop_app.documents.pdf_signing import TimestampService, probe_timestamp_service

    text = url.strip()
    raise_if_blocking([p for p in (timestamp_url_problem(text),) if p is not None])
    probe = probe_timestamp_service(TimestampService(text))
    return TimestampCheck(text, probe.time, probe.authority)


def pdf_signer(session: Session, officer_id: int | None, pkcs12: Path, password: str, *,
               probe: bool = True) -> PdfSigner:
    """Signs PDFs as the officer (called with a PDF's bytes) and the package's tag manifest
    with the certificate; a wrong file or password, or a configured time-stamping service
    that does not answer, fails here, before any work (``pdf_signing.SigningFailed``,
    ``TimestampUnavailable``). A screen, which calls this in its own thread, passes
    ``probe=False``: the service is then asked with the first PDF, in the export's job, so
    the screen never waits on the network."""
    from desktop_app.documents.pdf_signing import (
        InstitutionSigner,
        TimestampService,
        load_signer,
        probe_timestamp_service,
    )

    load_signer(pkcs12, password)
    url = timestamp_url(session)
    service = TimestampService(url) if url else None
    tsa_certs = probe_timestamp_service(service).certificates if service and probe else ()
    officer = session.get(StaffUser, officer_id) if officer_id is not None else None
    institution = session.scalars(select(Institution).limit(1)).first()
    return InstitutionSigner(pkcs12, password, officer_name=officer.display_name if officer else "",
                             reason=SIGNING_REASON,
                             location=(institution.region if institution else "") or "机构",
                             timestamp=service, tsa_certs=tsa_certs)
