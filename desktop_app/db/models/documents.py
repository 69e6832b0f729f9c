"""Documents as issued: what was printed, so that a rebuild prints the same bytes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.db.base import Base, Created, UtcDateTime


class IssuedDocument(Base, Created):
    """A PDF the archive issued (plan, execution sheet, assessment report, claim cover,
    fee list, archive list): its identity, the content hash printed on it, and the audit
    anchor and institution printed in its furniture. Append-only (migration 0005): the
    anchor of a document is the chain head *when it was first issued*; a rebuild reads it
    from here, so the same content gives the same bytes."""

    __tablename__ = "issued_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the canonical content (documents/identity.document_hash): one row per content.
    content_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    doc_id: Mapped[str] = mapped_column(String(160), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    source_type: Mapped[str] = mapped_column(String(40))  # e.g. treatment_plan, claim, rehab_case
    source_id: Mapped[int] = mapped_column(Integer)
    source_key: Mapped[str] = mapped_column(String(60), default="")  # e.g. the month, the instrument
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime())  # the date printed (from the data)
    anchor_seq: Mapped[int] = mapped_column(BigInteger)
    anchor_hash: Mapped[str] = mapped_column(String(64))
    institution: Mapped[dict[str, object]] = mapped_column(JSON)  # as printed in the header
    pdf_sha256: Mapped[str] = mapped_column(String(64))  # of the unsigned PDF/A bytes
