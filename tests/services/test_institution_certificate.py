"""The institution's signing certificate: set by the administrator only, audited, the file
must exist; the signer made from it signs as the officer; a wrong password fails first."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.db.models import AuditEvent
from desktop_app.documents.claim_cover import build_claim_cover
from desktop_app.documents.pdf_signing import SigningFailed, TimestampUnavailable, verify_pdf
from desktop_app.errors import ValidationFailed
from desktop_app.services.admin.institution_certificate import (
    CERTIFICATE_SETTING,
    TIMESTAMP_SETTING,
    certificate_path,
    check_timestamp_service,
    pdf_signer,
    set_certificate_path,
    set_timestamp_url,
    timestamp_url,
)
from desktop_app.services.core.permissions import PermissionDenied
from tests.archive_fixture import Archive
from tests.documents import samples
from tests.documents.certs import PASSWORD, make_pkcs12
from tests.documents.tsa_server import local_tsa


def test_the_administrator_sets_the_certificate_audited(archive: Archive, tmp_path: Path) -> None:
    p12, _root = make_pkcs12(tmp_path)
    with archive.uow(archive.admin) as u, pytest.raises(ValidationFailed, match="找不到文件"):
        set_certificate_path(u, str(tmp_path / "missing.p12"))
    with archive.uow(archive.officer) as u, pytest.raises(PermissionDenied):
        set_certificate_path(u, str(p12))
    with archive.uow(archive.admin) as u:
        set_certificate_path(u, f" {p12} ")
    with archive.uow() as u:
        assert certificate_path(u.session) == p12.resolve()
        changes = [e.details for e in u.session.scalars(select(AuditEvent).where(
            AuditEvent.record_type == "institution", AuditEvent.action == "update"))]
        assert any(CERTIFICATE_SETTING in str(d) for d in changes)
    with archive.uow(archive.admin) as u:
        set_certificate_path(u, "")
    with archive.uow() as u:
        assert certificate_path(u.session) is None


def test_the_signer_signs_as_the_officer(archive: Archive, tmp_path: Path) -> None:
    p12, root = make_pkcs12(tmp_path)
    with archive.uow() as u:
        with pytest.raises(SigningFailed):
            pdf_signer(u.session, archive.officer, p12, "wrong")
        sign = pdf_signer(u.session, archive.officer, p12, PASSWORD)
    signed = sign(build_claim_cover(samples.claim_cover(), institution=samples.INSTITUTION,
                                    anchor=samples.ANCHOR).pdf)
    check = verify_pdf(signed, [root])
    assert check.valid, check.summary


@pytest.mark.parametrize("url", ["tsa.example.cn/tsa", "ftp://tsa.example.cn/", "http://", "https:///tsa",
                                 "http://tsa.example.cn:port/", "http://tsa example.cn/",
                                 "http://t.cn/" + "x" * 500, "https://user:secret@tsa.example.cn/tsa",
                                 "https://user@tsa.example.cn/tsa"])
def test_a_timestamp_url_must_be_http_or_https(archive: Archive, url: str) -> None:
    with archive.uow(archive.admin) as u, pytest.raises(ValidationFailed) as caught:
        set_timestamp_url(u, url)
    assert [e.key for e in caught.value.errors] == ["timestamp_url"]
    with pytest.raises(ValidationFailed):
        check_timestamp_service(url)


def test_the_administrator_sets_the_timestamp_service_audited(archive: Archive) -> None:
    with archive.uow(archive.officer) as u, pytest.raises(PermissionDenied):
        set_timestamp_url(u, "https://tsa.example.cn/tsa")
    with archive.uow(archive.admin) as u:
        set_timestamp_url(u, " https://tsa.example.cn/tsa ")
    with archive.uow() as u:
        assert timestamp_url(u.session) == "https://tsa.example.cn/tsa"
        changes = [e.details for e in u.session.scalars(select(AuditEvent).where(
            AuditEvent.record_type == "institution", AuditEvent.action == "update"))]
        assert any(TIMESTAMP_SETTING in str(d) and "tsa.example.cn" in str(d) for d in changes)
    with archive.uow(archive.admin) as u:
        set_timestamp_url(u, "  ")
    with archive.uow() as u:
        assert timestamp_url(u.session) is None


def test_with_a_service_every_pdf_is_timestamped(archive: Archive, tmp_path: Path) -> None:
    p12, root = make_pkcs12(tmp_path)
    pdf = build_claim_cover(samples.claim_cover(), institution=samples.INSTITUTION, anchor=samples.ANCHOR).pdf
    with local_tsa() as tsa:
        assert "Local test TSA" in check_timestamp_service(tsa.url).authority
        with archive.uow(archive.admin) as u:
            set_timestamp_url(u, tsa.url)
        with archive.uow() as u:
            sign = pdf_signer(u.session, archive.officer, p12, PASSWORD)
        asked = len(tsa.requests)
        signed = sign(pdf)
        assert len(tsa.requests) > asked
    check = verify_pdf(signed, [root])
    assert check.valid and "TIMESTAMP_TOKEN<INTACT" in check.summary, check.summary
    # the service gone: the export stops at the signer, before any document is made
    with archive.uow() as u, pytest.raises(TimestampUnavailable, match="文件未签署"):
        pdf_signer(u.session, archive.officer, p12, PASSWORD)
    # a screen asks the service in the export's job: with the first PDF, which then fails
    with archive.uow() as u:
        later = pdf_signer(u.session, archive.officer, p12, PASSWORD, probe=False)
    with pytest.raises(TimestampUnavailable, match="文件未签署"):
        later(pdf)


def test_a_screen_signer_probes_the_service_once_with_the_first_pdf(archive: Archive, tmp_path: Path) -> None:
    p12, root = make_pkcs12(tmp_path)
    pdf = build_claim_cover(samples.claim_cover(), institution=samples.INSTITUTION, anchor=samples.ANCHOR).pdf
    with local_tsa() as tsa:
        with archive.uow(archive.admin) as u:
            set_timestamp_url(u, tsa.url)
        with archive.uow() as u:
            sign = pdf_signer(u.session, archive.officer, p12, PASSWORD, probe=False)
        assert tsa.requests == []  # nothing asked yet
        first = sign(pdf)
        after_first = len(tsa.requests)
        sign(pdf)
        assert len(tsa.requests) == after_first + (after_first - 1)  # the probe only the first time
    assert verify_pdf(first, [root]).valid
