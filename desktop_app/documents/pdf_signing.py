"""PAdES signatures on officer-issued PDFs with the institution's certificate (pyHanko).

The administrator configures the path of the institution's PKCS#12 file
(``services/admin/institution_certificate.py``); its password is asked for at each signing and
never stored. The visible stamp shows the officer's Chinese name in the shipped CJK font
(embedded by pyHanko's OpenType engine). The signature is an incremental update, so the
PDF/A-3b document it covers stays byte-for-byte inside the signed range; RSA keys keep
the file at PDF 1.7 (ECDSA would make it PDF 2.0, which PDF/A-3 does not allow).

Trusted time: when the administrator has configured an RFC 3161 time-stamping service
(``TimestampService``), the signature carries the service's timestamp token (PAdES B-T), and
the certificates of the institution and of the time-stamping authority, with whatever
revocation data their certificates point to (CRL, OCSP), go into the document security store
in the signature's own revision (PAdES B-LT; the signature still covers the whole file). A
service that cannot be reached stops the signing (``TimestampUnavailable``): a document is
never issued without the timestamp the institution asked for. Without a service the stamp
says that the signing time is this PC's clock (``PC_CLOCK_NOTE``).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from asn1crypto import cms, x509
from fontTools.ttLib import TTCollection
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.generic import ArrayObject, NameObject, NumberObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
from pyhanko.sign.timestamps import HTTPTimeStamper, TimestampRequestError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.generic_cms import validate_sig_integrity
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

from desktop_app.documents.fonts import FontChain, default_chain, shipped_fonts, stamp_font
from desktop_app.documents.page import stamp_box
from desktop_app.errors import EnvironmentProblem, UserError
from desktop_app.paths import subdir

FIELD_NAME = "OfficerSignature"
log = logging.getLogger(__name__)


# What the stamp says about the signing time (fixed texts; the host of the service is ASCII).
PC_CLOCK_NOTE = ("签署时间取自本机时钟，未经可信时间戳",
                 "Signing time is this PC's clock, not a trusted timestamp")
TIMESTAMP_NOTE = ("签署时间经可信时间戳（RFC 3161）：{host}", "Time-stamped by {host} (RFC 3161)")
TIMESTAMP_TIMEOUT = 15  # seconds for one request to the service


class SigningFailed(UserError):
    """The certificate file or its password is wrong, or the PDF cannot be signed."""


class TimestampUnavailable(SigningFailed):
    """The configured time-stamping service did not answer with a valid timestamp."""


@dataclass(frozen=True)
class TimestampService:
    """The RFC 3161 time-stamping service the administrator configured (its URL)."""

    url: str

    @property
    def host(self) -> str:
        """What the stamp names: the service's host and port, never a user name or password
        written into the URL (a long one makes the stamp's text smaller, never cut)."""
        parts = urlsplit(self.url)
        if not parts.hostname:
            return self.url
        return parts.hostname + (f":{parts.port}" if parts.port else "")


@dataclass(frozen=True)
class TimestampProbe:
    """A timestamp the service gave for a test digest: its time, who signed it, its certificates."""

    time: datetime
    authority: str  # the common name of the certificate that signed it
    certificates: tuple[x509.Certificate, ...]


def _timestamper(service: TimestampService) -> HTTPTimeStamper:
    return HTTPTimeStamper(service.url, timeout=TIMESTAMP_TIMEOUT)


def _unavailable(service: TimestampService, exc: BaseException) -> TimestampUnavailable:
    reason = f"{type(exc).__name__}: {exc}".strip()
    return TimestampUnavailable(
        f"时间戳服务 {service.url} 未给出有效的时间戳（{reason}）。文件未签署：请检查网络和服务地址，"
        "或由管理员在机构设置中更换或清除时间戳服务（清除后签章注明时间取自本机时钟）。",
        f"The time-stamping service {service.url} gave no valid timestamp ({reason}). Nothing was "
        "signed: check the network and the address, or have the administrator change or clear the "
        "service in the institution settings (without one, the stamp says the time is this PC's clock).")


def probe_timestamp_service(service: TimestampService) -> TimestampProbe:
    """Ask the service for a timestamp over a test digest; an unreachable service, an error
    status or a token that does not verify is ``TimestampUnavailable``."""
    timestamper = _timestamper(service)
    digest = hashlib.sha256(b"rehab-archive timestamp probe").digest()
    try:
        token = asyncio.run(timestamper.async_timestamp(digest, "sha256"))
        signed_data = token["content"]
        info = signed_data["encap_content_info"]["content"].parsed
        if info["message_imprint"]["hashed_message"].native != digest:
            raise TimestampRequestError("the token covers another digest")
        signer_info = signed_data["signer_infos"][0]
        certs = tuple(c.chosen for c in signed_data["certificates"] if c.name == "certificate")
        tsa_cert = next(c for c in certs if _is_signer(signer_info["sid"], c))
        content = signed_data["encap_content_info"]["content"].contents
        md = hashlib.new(signer_info["digest_algorithm"]["algorithm"].native, content).digest()
        intact, valid = validate_sig_integrity(signer_info, tsa_cert, "tst_info", md)
        if not (intact and valid):
            raise TimestampRequestError("the token's signature does not verify")
    except TimestampUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001 - network, HTTP status, a bad answer: one failure
        raise _unavailable(service, exc) from exc
    name = tsa_cert.subject.native.get("common_name") or tsa_cert.subject.human_friendly
    return TimestampProbe(info["gen_time"].native, str(name), certs)


def _validation_context(signer: signers.SimpleSigner, tsa_certs: tuple[x509.Certificate, ...],
                        ) -> ValidationContext:
    """For collecting validation data (not for judging trust): the self-issued certificates of
    the institution's and the service's chains are the roots the paths end in; CRLs and OCSP
    responses their certificates point to are fetched, and none is no error (soft-fail)."""
    known = [c for c in (signer.signing_cert, *signer.cert_registry, *tsa_certs) if c is not None]
    roots = [c for c in known if c.self_issued]
    return ValidationContext(trust_roots=roots, other_certs=known, allow_fetching=True,
                             revocation_mode="soft-fail")


@dataclass(frozen=True)
class SignatureCheck:
    """What verification found; ``valid`` only if intact, trusted and covering the whole file."""

    intact: bool
    trusted: bool
    covers_whole_file: bool
    signer_subject: str
    summary: str

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted and self.covers_whole_file


def load_signer(pkcs12_path: Path, password: str) -> signers.SimpleSigner:
    """The institution's key and certificate; a wrong password or file is a user error."""
    if not pkcs12_path.is_file():
        raise SigningFailed(f"找不到机构证书文件：{pkcs12_path}",
                            f"The institution's certificate file was not found: {pkcs12_path}")
    signer = signers.SimpleSigner.load_pkcs12(str(pkcs12_path), passphrase=password.encode("utf-8"))
    if signer is None:
        raise SigningFailed("无法打开机构证书：密码错误或文件不是 PKCS#12 证书",
                            "Cannot open the institution's certificate: wrong password or not a PKCS#12 file")
    return signer


class _ThousandthsAccumulator(GlyphAccumulator):
    """pyHanko's engine writes a TrueType font's ``/W`` widths, its TJ adjustments and its
    descriptor metrics in font units, but PDF glyph space is 1/1000 em (ISO 32000-1 §9.2.4,
    §9.7.4.3; PDF/A-3 §6.2.11.5 wants the widths to match the font). With the shipped font's
    2048 units per em every glyph advanced twice its width: the stamp's text was spread out.
    Shape at 1000 units per em and scale the widths and metrics to match."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._to_thousandths = 1000 / self.units_per_em
        self.hb_font.scale = (1000, 1000)  # HarfBuzz positions (and so TJ adjustments) in 1/1000 em
        self.units_per_em = 1000
        descriptor = self.cidfont_obj._font_descriptor  # built in font units, embedded at prepare_write
        for key in ("/Ascent", "/Descent", "/CapHeight"):
            descriptor[NameObject(key)] = self._scaled(descriptor[NameObject(key)])
        descriptor[NameObject("/FontBBox")] = ArrayObject(
            [self._scaled(v) for v in descriptor[NameObject("/FontBBox")]])

    def _scaled(self, value: Any) -> NumberObject:
        return NumberObject(round(float(value) * self._to_thousandths))

    def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
        cached = self._glyphs.get(glyph_id)
        if cached is not None:
            return cached
        cid, width = super()._get_cid_and_width(glyph_id)
        self._glyphs[glyph_id] = result = (cid, round(width * self._to_thousandths))
        return result


class _StampFont(GlyphAccumulatorFactory):
    """pyHanko's factory leaves its font file open and writes widths in font units: read the
    font into memory and use the accumulator that writes 1/1000 em."""

    def create_font_engine(self, writer: IncrementalPdfFileWriter,  # type: ignore[override]
                           obj_stream: object = None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return _ThousandthsAccumulator(
            writer=writer, font_handle=io.BytesIO(Path(self.font_file).read_bytes()),
            font_size=self.font_size, ot_script_tag=self.ot_script_tag,
            ot_language_tag=self.ot_language_tag, writing_direction=self.writing_direction,
            bcp47_lang_code=self.bcp47_lang_code, obj_stream=obj_stream)


@cache
def stamp_font_file() -> Path:
    """pyHanko's font engine reads a single .ttf: extract the main face of the shipped .ttc once."""
    main = shipped_fonts()[0]
    target = subdir("cache") / f"{main.name}-{main.subfont_index}.ttf"
    if not target.exists():
        try:
            collection = TTCollection(str(main.path))
            tmp = target.with_suffix(".tmp")
            collection.fonts[main.subfont_index].save(str(tmp))
            tmp.replace(target)
        except OSError as exc:
            raise EnvironmentProblem(f"无法准备签章字体：{exc}",
                                     f"Cannot prepare the stamp font: {exc}") from exc
    return target


def page_width(writer: IncrementalPdfFileWriter, index: int) -> float:
    """The width of page ``index`` (its MediaBox, inherited or not)."""
    page, _ = writer.find_page_for_modification(index)
    node = page.get_object()
    while "/MediaBox" not in node:
        node = node["/Parent"]
    x1, _, x2, _ = (float(v) for v in node["/MediaBox"])
    return abs(x2 - x1)


def sign_pdf(pdf: bytes, pkcs12_path: Path, password: str, *, officer_name: str, reason: str,
             location: str, chain: FontChain | None = None,
             timestamp: TimestampService | None = None, tsa_certs: tuple[x509.Certificate, ...] = ()
             ) -> bytes:
    """Sign ``pdf`` with a visible stamp naming the officer, in the signature band that every
    document keeps free at the bottom of its last page (``page.SignatureBand``). With a
    ``timestamp`` service: PAdES B-T with the service's token, and B-LT validation data in the
    signature's revision (``tsa_certs``: the service's chain from a probe, else asked for);
    without one, PAdES B-B and the stamp says the time is this PC's clock."""
    chain = chain or default_chain()
    for label, text in (("签章人", officer_name), ("签章事由", reason), ("签章地点", location)):
        chain.check(text, label)
    signer = load_signer(pkcs12_path, password)
    zh, en = stamp_time_note(timestamp)
    stamp_text = "签章：%(officer)s\n时间：%(ts)s\n事由：%(reason)s\n%(time_zh)s\n%(time_en)s"
    font_file = stamp_font(chain, stamp_font_file(), stamp_text + officer_name + reason + zh + en,
                           subdir("cache"))
    style = TextStampStyle(
        stamp_text=stamp_text,
        timestamp_format="%Y-%m-%d",  # the exact time is in the signature itself
        text_box_style=TextBoxStyle(font=_StampFont(str(font_file), font_size=8,
                                                    writing_direction="ltr", bcp47_lang_code="zh-CN")),
        border_width=1)
    timestamper = _timestamper(timestamp) if timestamp is not None else None

    def attempt(context: ValidationContext | None) -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        last_page = int(writer.root["/Pages"]["/Count"]) - 1
        x1, y1, x2, y2 = (round(v) for v in stamp_box(page_width(writer, last_page)))  # whole points
        fields.append_signature_field(writer, fields.SigFieldSpec(FIELD_NAME, on_page=last_page,
                                                                  box=(x1, y1, x2, y2)))
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME, reason=reason, location=location,
            subfilter=fields.SigSeedSubFilter.PADES, name=officer_name,
            embed_validation_info=context is not None, validation_context=context,
            # in the signature's own revision: the signature keeps covering the whole file
            dss_settings=DSSContentSettings(placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE,
                                            include_vri=False))
        out = io.BytesIO()
        signers.PdfSigner(meta, signer=signer, stamp_style=style, timestamper=timestamper).sign_pdf(
            writer, output=out,
            appearance_text_params={"officer": officer_name, "reason": reason, "time_zh": zh,
                                    "time_en": en})
        return out.getvalue()

    if timestamp is None:
        try:
            return attempt(None)
        except (SigningError, OSError) as exc:
            raise SigningFailed(f"无法签署：{type(exc).__name__}: {exc}",
                                f"Cannot sign: {type(exc).__name__}: {exc}") from exc
    try:
        if not tsa_certs:
            tsa_certs = probe_timestamp_service(timestamp).certificates
        try:
            return attempt(_validation_context(signer, tsa_certs))
        except (SigningError, PathBuildingError, PathValidationError) as exc:
            if not isinstance(exc, PathBuildingError | PathValidationError) and not isinstance(
                    exc.__cause__, PathBuildingError | PathValidationError):
                raise
            # a chain that does not reach a certificate we hold (a CA left out of the PKCS#12,
            # a TSA that sends only its own certificate): B-T, the token without the DSS
            log.warning("no validation data embedded: %s", exc)
            return attempt(None)
    except (TimestampRequestError, SigningError, OSError) as exc:
        raise _unavailable(timestamp, exc) from exc


def stamp_time_note(timestamp: TimestampService | None) -> tuple[str, str]:
    """What the stamp says about the signing time (Chinese, English)."""
    if timestamp is None:
        return PC_CLOCK_NOTE
    return TIMESTAMP_NOTE[0].format(host=timestamp.host), TIMESTAMP_NOTE[1].format(host=timestamp.host)


def verify_pdf(pdf: bytes, trust_roots: list[object]) -> SignatureCheck:
    """Check the (last) signature of ``pdf`` against the given trusted certificates."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        if not reader.embedded_signatures:
            return SignatureCheck(False, False, False, "", "no signature")
        embedded = reader.embedded_signatures[-1]
        status = validate_pdf_signature(embedded, ValidationContext(trust_roots=trust_roots))
    except Exception as exc:  # noqa: BLE001 - a damaged file fails verification, whatever breaks
        return SignatureCheck(False, False, False, "", f"{type(exc).__name__}: {exc}")
    whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    return SignatureCheck(bool(status.intact and status.valid), bool(status.trusted), whole,
                          status.signing_cert.subject.human_friendly, status.summary())



def sign_detached(data: bytes, pkcs12_path: Path, password: str) -> bytes:
    """A detached CMS SignedData (DER) over ``data`` made with the institution's certificate;
    ``openssl cms -verify -binary -inform DER -content FILE -noverify`` checks it."""
    signer = load_signer(pkcs12_path, password)
    try:
        signed = asyncio.run(signer.async_sign_general_data(data, "sha256", detached=True))
    except Exception as exc:  # noqa: BLE001 - whatever the key refuses, it is one failure
        raise SigningFailed(f"无法签署：{type(exc).__name__}",
                            f"Cannot sign: {type(exc).__name__}: {exc}") from exc
    return bytes(signed.dump())


def verify_detached(signature: bytes, data: bytes) -> tuple[bool, str]:
    """(intact, signer subject or why not) of a detached CMS signature over ``data``: the
    signed digest matches and the signature verifies with the certificate it carries.
    Trust in that certificate is not judged."""
    try:
        signed_data = cms.ContentInfo.load(signature)["content"]
        signer_info = signed_data["signer_infos"][0]
        cert = next(c.chosen for c in signed_data["certificates"] if _is_signer(signer_info["sid"], c.chosen))
        digest = hashlib.new(signer_info["digest_algorithm"]["algorithm"].native, data).digest()
        intact, valid = validate_sig_integrity(signer_info, cert, "data", digest)
    except Exception as exc:  # noqa: BLE001 - a damaged signature fails, whatever breaks
        return False, f"{type(exc).__name__}: {exc}"
    return bool(intact and valid), str(cert.subject.human_friendly)


def _is_signer(sid: cms.SignerIdentifier, cert: Any) -> bool:
    if sid.name == "subject_key_identifier":
        return bool(sid.chosen.native == cert.key_identifier)
    chosen = sid.chosen
    return bool(chosen["issuer"] == cert.issuer and chosen["serial_number"].native == cert.serial_number)


@dataclass(frozen=True)
class InstitutionSigner:
    """Signs as the institution for one export: each PDF (called with its bytes, as the
    officer, with a visible stamp) and the package's tag manifest (``detached``)."""

    pkcs12_path: Path
    password: str = field(repr=False)
    officer_name: str
    reason: str
    location: str
    timestamp: TimestampService | None = None  # None: the stamp says the time is the PC's clock
    tsa_certs: tuple[x509.Certificate, ...] = ()  # the service's chain, from a probe
    _probed: list[tuple[x509.Certificate, ...]] = field(default_factory=list, repr=False, compare=False)

    def __call__(self, pdf: bytes) -> bytes:
        certs = self.tsa_certs
        if self.timestamp is not None and not certs:  # not probed yet: once, with the first PDF
            if not self._probed:
                self._probed.append(probe_timestamp_service(self.timestamp).certificates)
            certs = self._probed[0]
        return sign_pdf(pdf, self.pkcs12_path, self.password, officer_name=self.officer_name,
                        reason=self.reason, location=self.location, timestamp=self.timestamp,
                        tsa_certs=certs)

    def detached(self, data: bytes) -> bytes:
        return sign_detached(data, self.pkcs12_path, self.password)

    @property
    def subject(self) -> str:
        """The certificate's subject, as people read it."""
        cert = load_signer(self.pkcs12_path, self.password).signing_cert
        return str(cert.subject.human_friendly) if cert is not None else ""
