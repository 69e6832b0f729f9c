"""Trusted time on officer signatures: with a time-stamping service (a real RFC 3161 server on
127.0.0.1, ``tsa_server``) the signature carries its token (PAdES B-T) and the chains and the
TSA's CRL in the DSS (B-LT); without one the stamp says the time is this PC's clock. Checked
by poppler's ``pdfsig``, by pyHanko's validator and by ``openssl ts -verify``."""

from __future__ import annotations

import hashlib
import io
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pikepdf
import pytest
from asn1crypto import cms, pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from desktop_app.documents.claim_cover import build_claim_cover
from desktop_app.documents.package_content import check_content
from desktop_app.documents.pdf_signing import (
    TimestampService,
    TimestampUnavailable,
    probe_timestamp_service,
    sign_pdf,
    stamp_time_note,
    verify_pdf,
)
from tests.documents import samples
from tests.documents.certs import PASSWORD, make_pkcs12
from tests.documents.pdf_checks import (
    font_width_errors,
    pdfa_3b_basics,
    pdfa_3b_report,
    unexpected_preflight_errors,
)
from tests.documents.tsa_server import LocalTsa, local_tsa


def _sign(pdf: bytes, p12: Path, service: TimestampService | None = None) -> bytes:
    return sign_pdf(pdf, p12, PASSWORD, officer_name="孙丽", reason="结算申报经办人签章", location="泸州",
                    timestamp=service)


@pytest.fixture(scope="module")
def tsa() -> Iterator[LocalTsa]:
    with local_tsa() as running:
        yield running


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, asn1_x509.Certificate]:
    return make_pkcs12(tmp_path_factory.mktemp("cert"))


@pytest.fixture(scope="module")
def unsigned() -> bytes:
    return build_claim_cover(samples.claim_cover(), files=samples.claim_files(),
                             institution=samples.INSTITUTION, anchor=samples.ANCHOR).pdf


@pytest.fixture(scope="module")
def pc_clock(unsigned: bytes, certificate: tuple[Path, asn1_x509.Certificate]) -> bytes:
    return _sign(unsigned, certificate[0])


@pytest.fixture(scope="module")
def timestamped(unsigned: bytes, certificate: tuple[Path, asn1_x509.Certificate], tsa: LocalTsa) -> bytes:
    before = len(tsa.requests)
    signed = _sign(unsigned, certificate[0], TimestampService(tsa.url))
    assert len(tsa.requests) > before  # the service was asked
    return signed


def pdfsig(pdf: bytes, folder: Path, name: str) -> list[str]:
    path = folder / name
    path.write_bytes(pdf)
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=True, timeout=60)
    return [line.strip() for line in result.stdout.splitlines()]


def stamp_text(pdf: bytes, folder: Path) -> str:
    """The words of the last page with the stamp's appearance drawn into it (pdftotext reads
    no annotations)."""
    path = folder / "flat.pdf"
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.flatten_annotations("all")
        pages = len(doc.pages)
        doc.save(path)
    return subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def _signer_info(pdf: bytes) -> cms.SignerInfo:
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    return reader.embedded_signatures[-1].signer_info


def test_pdfsig_reports_both_signatures_valid(pc_clock: bytes, timestamped: bytes, tmp_path: Path) -> None:
    for name, pdf in (("pc_clock.pdf", pc_clock), ("timestamped.pdf", timestamped)):
        lines = pdfsig(pdf, tmp_path, name)
        assert "- Signature Validation: Signature is Valid." in lines, lines
        assert "- Total document signed" in lines, lines
        assert "- Signature Type: ETSI.CAdES.detached" in lines, lines
        # the institution's certificate is self-issued: poppler's NSS store does not know it
        assert "- Certificate Validation: Certificate issuer isn't Trusted." in lines, lines
        assert sum(line.startswith("Signature #") for line in lines) == 1, lines


def test_the_timestamp_verifies_against_the_tsa_root(timestamped: bytes, tsa: LocalTsa,
                                                     certificate: tuple[Path, asn1_x509.Certificate]) -> None:
    # poppler 22.12's pdfsig says nothing of RFC 3161 tokens: pyHanko's validator judges it
    reader = PdfFileReader(io.BytesIO(timestamped), strict=False)
    status = validate_pdf_signature(reader.embedded_signatures[-1],
                                    ValidationContext(trust_roots=[certificate[1]]),
                                    ts_validation_context=ValidationContext(trust_roots=[tsa.root]))
    assert status.bottom_line, status.pretty_print_details()
    ts = status.timestamp_validity
    assert ts is not None and ts.intact and ts.valid and ts.trusted
    assert ts.signing_cert.subject == tsa.tsa_cert.subject
    assert abs(ts.timestamp - datetime.now(UTC)) < timedelta(minutes=5)
    check = verify_pdf(timestamped, [certificate[1]])
    assert check.valid, check.summary


def test_openssl_verifies_the_token_that_pdfsig_dumps(timestamped: bytes, tsa: LocalTsa,
                                                      tmp_path: Path) -> None:
    # pdfsig -dump writes the signature's CMS as poppler reads it; openssl checks the token in it
    (tmp_path / "signed.pdf").write_bytes(timestamped)
    subprocess.run(["pdfsig", "-dump", "signed.pdf"], cwd=tmp_path, capture_output=True, check=True)
    dumped = next(tmp_path.glob("signed.pdf.sig*")).read_bytes()
    signer_info = cms.ContentInfo.load(dumped)["content"]["signer_infos"][0]
    token = next(a["values"][0] for a in signer_info["unsigned_attrs"]
                 if a["type"].native == "signature_time_stamp_token")
    (tmp_path / "token.der").write_bytes(token.dump())
    (tmp_path / "root.pem").write_bytes(asn1_pem(tsa.root))
    imprint = hashlib.sha256(signer_info["signature"].native).hexdigest()
    result = subprocess.run(["openssl", "ts", "-verify", "-token_in", "-in", "token.der", "-digest", imprint,
                             "-CAfile", "root.pem"], cwd=tmp_path, capture_output=True, text=True)
    assert "Verification: OK" in result.stdout, result.stdout + result.stderr
    wrong = hashlib.sha256(b"other").hexdigest()
    result = subprocess.run(["openssl", "ts", "-verify", "-token_in", "-in", "token.der", "-digest", wrong,
                             "-CAfile", "root.pem"], cwd=tmp_path, capture_output=True, text=True)
    assert "Verification: OK" not in result.stdout


def asn1_pem(cert: asn1_x509.Certificate) -> bytes:
    return bytes(pem.armor("CERTIFICATE", cert.dump()))


def test_the_pc_clock_signature_has_no_token(pc_clock: bytes) -> None:
    attrs = _signer_info(pc_clock)["unsigned_attrs"]
    assert not attrs.native or all(a["type"].native != "signature_time_stamp_token" for a in attrs)
    with pikepdf.open(io.BytesIO(pc_clock)) as doc:
        assert "/DSS" not in doc.Root


def test_the_dss_holds_both_chains_and_the_tsa_crl(timestamped: bytes, tsa: LocalTsa,
                                                   certificate: tuple[Path, asn1_x509.Certificate]) -> None:
    assert tsa.crl_fetches >= 1
    with pikepdf.open(io.BytesIO(timestamped)) as doc:
        dss = doc.Root.DSS
        certs = {asn1_x509.Certificate.load(bytes(s.read_bytes())).sha256 for s in dss.Certs}
        crls = [bytes(s.read_bytes()) for s in dss.CRLs]
    assert {certificate[1].sha256, tsa.tsa_cert.sha256, tsa.root.sha256} <= certs
    assert len(crls) == 1
    # no OCSP: neither certificate names a responder (the institution's is self-issued)
    with pikepdf.open(io.BytesIO(timestamped)) as doc:
        assert "/OCSPs" not in doc.Root.DSS


def test_the_stamp_says_where_the_time_comes_from(pc_clock: bytes, timestamped: bytes, tsa: LocalTsa,
                                                  tmp_path: Path) -> None:
    host = tsa.url.split("/")[2]
    text = stamp_text(pc_clock, tmp_path)
    assert "签署时间取自本机时钟，未经可信时间戳" in text
    assert "Signing time is this PC's clock, not a trusted timestamp" in text
    text = stamp_text(timestamped, tmp_path)
    assert f"签署时间经可信时间戳（RFC 3161）：{host}" in text
    assert f"Time-stamped by {host} (RFC 3161)" in text
    assert "本机时钟" not in text


def test_a_timestamped_pdf_stays_pdfa_3b(timestamped: bytes, tmp_path: Path) -> None:
    # pikepdf's validator finds no error; what it leaves unchecked is the signature's form, the
    # PDF/A-3 attachments (as on every signed file) and the DSS, which Preflight reads below
    findings = pdfa_3b_report(timestamped).findings
    assert [str(f) for f in findings if f.kind != "unsupported"] == []
    assert {(f.rule, f.message) for f in findings} == {
        ("pikepdf:schema-Catalog", "interactive forms (/AcroForm) are not supported"),
        ("pikepdf:schema-Catalog", "unrecognized key(s) /DSS are not checked"),
        ("pikepdf:embedded-file", "embedded files are not supported")}
    assert pdfa_3b_basics(timestamped) == []
    assert font_width_errors(timestamped) == []
    path = tmp_path / "timestamped.pdf"
    path.write_bytes(timestamped)
    assert unexpected_preflight_errors(path) == []


def test_the_probe_reports_the_authority(tsa: LocalTsa) -> None:
    probe = probe_timestamp_service(TimestampService(tsa.url))
    assert "Local test TSA" in probe.authority
    assert abs(probe.time - datetime.now(UTC)) < timedelta(minutes=5)
    assert tsa.tsa_cert.sha256 in {c.sha256 for c in probe.certificates}


def test_an_unreachable_service_signs_nothing(unsigned: bytes, tsa: LocalTsa,
                                              certificate: tuple[Path, asn1_x509.Certificate]) -> None:
    with local_tsa() as gone:
        url = gone.url  # a port that was just free and is closed again
    for service in (TimestampService(url), TimestampService(tsa.url.replace("/tsa", "/nothing"))):
        refused = "时间戳服务.*未给出有效的时间戳.*文件未签署"
        with pytest.raises(TimestampUnavailable, match=refused) as caught:
            _sign(unsigned, certificate[0], service)
        assert "Nothing was signed" in caught.value.en
        with pytest.raises(TimestampUnavailable):
            probe_timestamp_service(service)


def test_verify_package_reports_the_time_and_its_source(pc_clock: bytes, timestamped: bytes) -> None:
    notes = check_content({"data/a/pc_clock.pdf": pc_clock, "data/b/timestamped.pdf": timestamped}).notes
    pc = [n for n in notes if n.startswith("data/a/pc_clock.pdf")]
    ts = [n for n in notes if n.startswith("data/b/timestamped.pdf")]
    assert any("无可信时间戳，签署时间取自签署电脑的时钟" in n for n in pc), pc
    stamped = [n for n in ts if "的可信时间戳" in n]
    assert len(stamped) == 1 and "时间戳机构 本地测试时间戳 Local test TSA" in stamped[0], ts
    when = datetime.strptime(stamped[0].split("的可信时间戳 ")[1][:19], "%Y-%m-%d %H:%M:%S")
    assert abs(when.replace(tzinfo=UTC) - datetime.now(UTC)) < timedelta(minutes=5)
    assert not any("无可信时间戳" in n for n in ts)


def test_verify_package_fails_a_damaged_token(timestamped: bytes) -> None:
    # change the seconds of the token's signed time (a digit for another, still a valid time):
    # the signature's own digest does not cover unsigned attributes, only the token's check can
    signer_info = _signer_info(timestamped)
    token = next(a["values"][0] for a in signer_info["unsigned_attrs"]
                 if a["type"].native == "signature_time_stamp_token")
    gen_time = token["content"]["encap_content_info"]["content"].parsed["gen_time"].dump()
    hex_time = gen_time.hex().upper().encode()
    at = timestamped.find(hex_time)
    assert at > 0  # the CMS is written in /Contents as hex
    second = at + 2 * 15 + 1  # tag, length, then "YYYYMMDDHHMMSS": the low hex digit of the last S
    damaged = bytearray(timestamped)
    damaged[second] = ord(str((int(chr(damaged[second])) + 1) % 10))
    problems = check_content({"data/t.pdf": bytes(damaged)}).problems
    assert any("签名 OfficerSignature 的时间戳未通过核验" in p for p in problems), problems
    assert not any("签名 OfficerSignature 未通过完整性核验" in p for p in problems), problems


def test_the_stamp_names_the_host_never_credentials() -> None:
    assert TimestampService("https://user:secret@tsa.example.cn/tsa").host == "tsa.example.cn"
    assert TimestampService("http://tsa.example.cn:8080/tsa?x=1").host == "tsa.example.cn:8080"
    assert stamp_time_note(None) == ("签署时间取自本机时钟，未经可信时间戳",
                                     "Signing time is this PC's clock, not a trusted timestamp")


def _certificate_from_a_ca_left_out(folder: Path) -> Path:
    """A PKCS#12 whose certificate a CA issued, without that CA's certificate."""
    now = datetime.now(UTC)
    ca_key, key = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "不在证书文件中的 CA")])
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "泸州市工伤康复协议医院（CA 签发）")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30)).sign(ca_key, hashes.SHA256()))
    path = folder / "from_ca.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"institution", key, cert, None, serialization.BestAvailableEncryption(PASSWORD.encode())))
    return path


def test_a_chain_that_cannot_be_completed_is_timestamped_without_the_dss(
        unsigned: bytes, tsa: LocalTsa, tmp_path: Path) -> None:
    signed = _sign(unsigned, _certificate_from_a_ca_left_out(tmp_path), TimestampService(tsa.url))
    with pikepdf.open(io.BytesIO(signed)) as doc:
        assert "/DSS" not in doc.Root  # nothing to vouch for the institution's chain: no DSS
    attrs = _signer_info(signed)["unsigned_attrs"]
    assert any(a["type"].native == "signature_time_stamp_token" for a in attrs)  # still B-T
    lines = pdfsig(signed, tmp_path, "from_ca.pdf")
    assert "- Signature Validation: Signature is Valid." in lines, lines
