"""What a package says, beyond its manifests: an attacker who edits a data file can
recompute both manifests, but not the copy of that file embedded in a PDF (a PDF/A-3
associated file) nor the officer's signature over that PDF. Needs nothing but the package.

* every data file also embedded in a PDF of the package must equal that attachment byte
  for byte;
* every hash a PDF prints must recompute from the package: its content SHA-256 (page footer,
  XMP ``dc:description``) from ``<doc id>.content.json`` beside it, and each data file's
  SHA-256 on a claim's cover (the list ``data_files.sha256`` embedded in the PDF, so under
  its signature) from that file in the package;
* every signature in every PDF must be intact (the signed bytes unchanged) and cover the
  whole file. Trust in the signer cannot be judged offline without the institution's root,
  so it is reported, never failed on. Its RFC 3161 timestamp, if any, must verify; its time
  and authority are reported (or that the time is the signing PC's clock);
* a signed package (its PDFs signed, or bag-info naming a signature) must carry
  ``tagmanifest-sha256.txt.p7s``, a detached CMS signature that verifies over the tag
  manifest as it is now: recomputed manifests are caught.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any

import pikepdf
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from desktop_app.documents.bagit import BAG_INFO, TAG_MANIFEST, TAG_SIGNATURE
from desktop_app.documents.identity import CONTENT_LABEL, CONTENT_SUFFIX
from desktop_app.documents.pdf_signing import verify_detached
from desktop_app.documents.pdfa import SUMS_NAME


@dataclass(frozen=True)
class ContentCheck:
    """Problems (bilingual lines, each naming its file) and notes on what was checked."""

    problems: tuple[str, ...]
    notes: tuple[str, ...]


def attachments(pdf: bytes) -> dict[str, bytes]:
    """The files embedded in ``pdf`` (name → bytes); empty if it cannot be read."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return {name: spec.get_file().read_bytes() for name, spec in doc.attachments.items()}


_PRINTED = re.compile(r"SHA-256 ([0-9a-f]{64})\s*$")


def printed_content_hash(pdf: bytes) -> str | None:
    """The content SHA-256 the PDF prints, as its XMP ``dc:description`` states it."""
    with pikepdf.open(io.BytesIO(pdf)) as doc, doc.open_metadata() as xmp:
        found = _PRINTED.search(str(xmp.get("dc:description", "")))
    return found.group(1) if found else None


def declared_sums(listing: bytes) -> list[tuple[str, str]]:
    """(SHA-256, file name) of each line of an embedded ``data_files.sha256``."""
    pairs = []
    for line in listing.decode("utf-8", "replace").splitlines():
        digest, _, name = line.partition("  ")
        if line.startswith("#") or not name:
            continue
        pairs.append((digest.strip().lower(), name.strip()))
    return pairs


def _printed_lines(path: str, pdf: bytes, inside: Mapping[str, bytes], files: Mapping[str, bytes],
                   data_files: list[str], promised: bool) -> list[str]:
    """The hashes the PDF at ``path`` prints against the files: its content hash against
    ``<doc id>.content.json`` beside it (which must be there if the package ``promised``
    it), each listed data file against the package's."""
    problems: list[str] = []
    printed = printed_content_hash(pdf)
    content = path[:-len(".pdf")] + CONTENT_SUFFIX
    if printed is not None and content not in files:
        if promised:
            problems.append(f"{content}: 缺失：{path} 印出的内容摘要无法重算 / missing: the canonical "
                            f"content of {path}, so its printed SHA-256 cannot be recomputed")
    elif printed is not None and hashlib.sha256(files[content]).hexdigest() != printed:
        problems.append(f"{content}: 与 {path} 印出的内容 SHA-256 不符 / differs from the content SHA-256 "
                        f"printed on {path}")
    for digest, name in declared_sums(inside.get(SUMS_NAME, b"")):
        data_path = _nearest(path, name, data_files)
        if data_path is None:
            problems.append(f"{name}: {path} 印出了它的 SHA-256，但包中没有该文件 / printed on {path} "
                            "but not in the package")
        elif hashlib.sha256(files[data_path]).hexdigest() != digest:
            problems.append(f"{data_path}: 与 {path} 印出的 SHA-256 不符 / differs from the SHA-256 "
                            f"printed on {path}")
    return problems


def _signature_lines(path: str, pdf: bytes) -> tuple[list[str], list[str]]:
    """(problems, notes) for every signature of one PDF."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # noqa: BLE001 - a damaged file is a finding, whatever breaks
        return [f"{path}: 无法读取签名 / cannot read its signatures ({type(exc).__name__}: {exc})"], []
    problems: list[str] = []
    notes: list[str] = []
    for sig in embedded:
        name = sig.field_name
        try:
            status = validate_pdf_signature(sig, ValidationContext(trust_roots=[], allow_fetching=False))
        except Exception as exc:  # noqa: BLE001
            problems.append(f"{path}: 签名 {name} 已损坏 / signature {name} is broken "
                            f"({type(exc).__name__}: {exc})")
            continue
        if not (status.intact and status.valid):
            problems.append(f"{path}: 签名 {name} 未通过完整性核验，签名后内容被改动 / signature {name} "
                            "does not verify: the signed bytes were changed")
        elif status.coverage is None or status.coverage.name != "ENTIRE_FILE":
            problems.append(f"{path}: 签名 {name} 之后文件又被改动 / the file was changed after "
                            f"signature {name}")
        else:
            notes.append(f"{path}: 签名 {name} 完整，签署人未对照信任根核验 / signature {name} intact, "
                         "signer not checked against a trust root")
        time_problems, time_notes = _timestamp_lines(path, name, status.timestamp_validity)
        problems += time_problems
        notes += time_notes
    return problems, notes


def _timestamp_lines(path: str, name: str, ts: Any) -> tuple[list[str], list[str]]:
    """(problems, notes) for the RFC 3161 timestamp in one signature, or its absence."""
    if ts is None:
        return [], [f"{path}: 签名 {name} 无可信时间戳，签署时间取自签署电脑的时钟 / signature {name} has "
                    "no trusted timestamp: its time is the signing PC's clock"]
    if not (ts.intact and ts.valid):
        return [f"{path}: 签名 {name} 的时间戳未通过核验 / the timestamp of signature {name} does not "
                "verify"], []
    when = ts.timestamp.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    subject = ts.signing_cert.subject
    tsa = subject.native.get("common_name") or subject.human_friendly
    return [], [f"{path}: 签名 {name} 的可信时间戳 {when} UTC，时间戳机构 {tsa}（未对照信任根核验）/ "
                f"signature {name} time-stamped {when} UTC by {tsa} (authority not checked against a "
                "trust root)"]


def _nearest(pdf_path: str, name: str, data_files: list[str]) -> str | None:
    """The package's data file called ``name`` nearest the PDF (a binder may hold several)."""
    same = [p for p in data_files if posixpath.basename(p) == name]
    return max(same, key=lambda p: len(posixpath.commonpath([p, pdf_path])), default=None)


def check_content(files: Mapping[str, bytes]) -> ContentCheck:
    """The data files against the copies inside the package's PDFs and against the hashes
    the PDFs print, and every signature."""
    problems: list[str] = []
    notes: list[str] = []
    pdfs = {p: c for p, c in sorted(files.items()) if p.startswith("data/") and p.lower().endswith(".pdf")}
    data_files = [p for p in sorted(files) if p.startswith("data/") and not p.lower().endswith(".pdf")
                  and not p.endswith(CONTENT_SUFFIX)]
    signed_pdfs = False
    promised = any(line.startswith(f"{CONTENT_LABEL}:")
                   for line in files.get(BAG_INFO, b"").decode("utf-8", "replace").splitlines())
    if not promised:
        notes.append(f"{BAG_INFO}: 无 {CONTENT_LABEL}，包早于随附规范化内容，页脚内容摘要无法由包重算 / no "
                     f"{CONTENT_LABEL}: the package predates the canonical content files, so the "
                     "content hashes its PDFs print cannot be recomputed from it")
    for path, pdf in pdfs.items():
        try:
            inside = attachments(pdf)
        except Exception as exc:  # noqa: BLE001
            problems.append(f"{path}: 不是可读的 PDF / not a readable PDF ({type(exc).__name__}: {exc})")
            continue
        for name, content in sorted(inside.items()):
            data_path = _nearest(path, name, data_files)
            if data_path is not None and files[data_path] != content:
                problems.append(f"{data_path}: 与 {path} 内嵌的副本不一致 / differs from the copy "
                                f"inside {path}")
        problems += _printed_lines(path, pdf, inside, files, data_files, promised)
        sig_problems, sig_notes = _signature_lines(path, pdf)
        problems += sig_problems
        notes += sig_notes
        if not sig_problems and not sig_notes:
            notes.append(f"{path}: 未签署 / not signed")
        signed_pdfs = signed_pdfs or bool(sig_problems or sig_notes)
    tag_problems, tag_notes = _tag_signature(files, signed_pdfs)
    return ContentCheck(tuple(problems + tag_problems), tuple(notes + tag_notes))


def _tag_signature(files: Mapping[str, bytes], signed_pdfs: bool) -> tuple[list[str], list[str]]:
    """(problems, notes) for the detached signature over the tag manifest."""
    info = files.get(BAG_INFO, b"").decode("utf-8", "replace")
    said = any(line.startswith(("Signed-By:", "Signature:")) for line in info.splitlines())
    signature = files.get(TAG_SIGNATURE)
    if signature is None:
        if signed_pdfs or said:
            return [f"{TAG_SIGNATURE}: 缺失：包已签署，但标签清单的签名不在包中 / missing: the package is "
                    f"signed but the signature over {TAG_MANIFEST} is not there"], []
        return [], [f"{TAG_MANIFEST}: 未签署 / not signed"]
    intact, subject = verify_detached(signature, files.get(TAG_MANIFEST, b""))
    if not intact:
        return [f"{TAG_SIGNATURE}: 标签清单的签名未通过核验，签署后清单被改动（或签名损坏）/ the signature "
                f"over {TAG_MANIFEST} does not verify: the manifests were changed after signing, or the "
                f"signature is damaged ({subject})"], []
    return [], [f"{TAG_SIGNATURE}: 标签清单的签名完整（{subject}），签署人未对照信任根核验 / signature over "
                f"{TAG_MANIFEST} intact ({subject}), signer not checked against a trust root"]
