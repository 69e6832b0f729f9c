"""What identifies an issued document: its id, the hash of its content, the audit anchor.

The SHA-256 printed on every page (and in the QR code and the XMP metadata) is the
SHA-256 of the canonical serialisation (``domain/canonical.py``) of
``{"format": "rehab-document/1", "kind": …, "id": …, "content": …}``, where ``content``
is the builder's input dataclass as plain data (``dataclasses.asdict``; images and other
bytes count as their own SHA-256 and size). It therefore identifies what the document
says, independently of layout, fonts or PDF bytes: anyone with the data (the claim's
JSON file, the archive) can recompute it. The audit anchor (head of the audit hash
chain when the document was issued) is printed beside it and is not part of it.

Those canonical bytes (``document_content``) travel in every package beside the PDF as
``<doc id>.content.json``, so the printed SHA-256 recomputes with ``sha256sum`` alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop_app.domain.canonical import canonical_bytes, sha256_hex

DOCUMENT_FORMAT = "rehab-document/1"
CONTENT_SUFFIX = ".content.json"  # the canonical content beside a PDF: <doc id>.content.json
# the bag-info line of a package that has it beside every PDF; without it (a package exported
# before they were), a missing one is only noted
CONTENT_LABEL = "Canonical-Content"


@dataclass(frozen=True)
class AuditAnchor:
    """Head of the audit chain (``services/audit_chain.chain_head``) at issue time."""

    seq: int
    head_hash: str

    def short(self) -> str:
        return f"#{self.seq} {self.head_hash[:16]}"


@dataclass(frozen=True)
class Institution:
    name: str
    address: str = ""
    phone: str = ""
    credit_code: str = ""


@dataclass(frozen=True)
class DocumentMeta:
    """Everything the page furniture and the PDF metadata need."""

    kind: str  # plan / execution_sheet / assessment / claim_cover / fee_list / archive_list
    doc_id: str  # deterministic: built from record ids and versions, never random
    title: str
    institution: Institution
    issued_at: datetime  # from the data (signing or freezing time): rebuilds keep it
    anchor: AuditAnchor
    sha256: str
    subject: str = ""  # e.g. the case number and patient, for the XMP description

    @property
    def qr_payload(self) -> str:
        return f"{self.doc_id}\nSHA-256:{self.sha256}"


def as_content(data: Any) -> Any:
    """Plain data of a builder input (dataclasses become dicts, recursively): what
    ``dataclasses.asdict`` gives, without its deep copy of every value (a third of a
    document's content hash; the values are only read)."""
    return _fields(data) if dataclasses.is_dataclass(data) and not isinstance(data, type) else data


# A dataclass → the names of its fields, in order.
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _fields(value: Any) -> Any:
    kind = type(value)
    if kind in _LEAVES:
        return value
    names = _FIELD_NAMES.get(kind)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: _fields(getattr(value, name)) for name in names}
    if isinstance(value, list | tuple):
        return kind(_fields(item) for item in value) if kind in (list, tuple) else [
            _fields(item) for item in value]
    if isinstance(value, dict):
        return {key: _fields(item) for key, item in value.items()}
    return value


_LEAVES = frozenset({str, int, float, bool, type(None), bytes})


def document_content(kind: str, doc_id: str, data: Any) -> bytes:
    """The canonical bytes the document's SHA-256 is computed over."""
    return canonical_bytes({"format": DOCUMENT_FORMAT, "kind": kind, "id": doc_id,
                            "content": as_content(data)})


def document_hash(kind: str, doc_id: str, data: Any) -> str:
    return sha256_hex(document_content(kind, doc_id, data))


# (kind, id, the builder's input object, its document hash) while an order is built: the hash
# its canonical content was given when the order was made (``hashed``).
_HASHED: ContextVar[tuple[str, str, Any, str] | None] = ContextVar("hashed_document", default=None)


@contextmanager
def hashed(kind: str, doc_id: str, data: Any, sha256: str) -> Iterator[None]:
    """Within the block, the document of ``kind`` and ``doc_id`` made of this very ``data``
    object prints ``sha256``, the hash of its content computed when its order was made
    (``issued_documents.order``, which ships that content beside it), instead of hashing the
    same content again."""
    token = _HASHED.set((kind, doc_id, data, sha256))
    try:
        yield
    finally:
        _HASHED.reset(token)


def make_meta(kind: str, doc_id: str, title: str, institution: Institution, issued_at: datetime,
              anchor: AuditAnchor, data: Any, subject: str = "") -> DocumentMeta:
    if issued_at.tzinfo is None:
        raise ValueError("issued_at must be timezone-aware")
    known = _HASHED.get()
    sha256 = known[3] if known is not None and known[:2] == (kind, doc_id) and known[2] is data \
        else document_hash(kind, doc_id, data)
    return DocumentMeta(kind, doc_id, title, institution, issued_at, anchor, sha256, subject)
