"""Tables the records-integrity layer fills: attachments, signatures, audit, retention."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.db.base import Base, Created, RecordState, UtcDateTime, Versioned


class AttachmentBlob(Base):
    """Content stored once, by its SHA-256."""

    __tablename__ = "attachment_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    content: Mapped[bytes | None] = mapped_column(LargeBinary)  # None once disposed of


class Attachment(Base, Created):
    """A scanned document, image or file attached to a case."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(ForeignKey("attachment_blob.sha256"))
    description: Mapped[str | None] = mapped_column(Text)


class Signature(Base):
    """A signature bound to the SHA-256 of exactly what was signed."""

    __tablename__ = "signature"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    signer_kind: Mapped[str] = mapped_column(String(20))  # staff/patient/legal_rep/...
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    signer_name: Mapped[str] = mapped_column(String(100))
    relationship_to_patient: Mapped[str | None] = mapped_column(String(50))
    proof_note: Mapped[str | None] = mapped_column(Text)
    meaning: Mapped[str] = mapped_column(String(60))
    method: Mapped[str] = mapped_column(String(20))  # password / handwritten / scan
    signed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    content_sha256: Mapped[str] = mapped_column(String(64))
    strokes: Mapped[list[object] | None] = mapped_column(JSON)
    image_sha256: Mapped[str | None] = mapped_column(ForeignKey("attachment_blob.sha256"))
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    device: Mapped[str | None] = mapped_column(String(200))


class SignatureItem(Base):
    """One record a signature covers, with the hash of its content when signed.

    A patient may sign the day's sessions at once: one signature, several items. The
    signature's own ``content_sha256`` is the hash of the canonical list of its items.
    """

    __tablename__ = "signature_item"
    __table_args__ = (UniqueConstraint("signature_id", "record_type", "record_id"),
                      Index("ix_signature_item_record", "record_type", "record_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    signature_id: Mapped[int] = mapped_column(ForeignKey("signature.id"), index=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    content_sha256: Mapped[str] = mapped_column(String(64))


class Amendment(Base, Created):
    """A correction: a new version linked to the original, which stays visible."""

    __tablename__ = "amendment"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(40))
    original_id: Mapped[int] = mapped_column(Integer)
    replacement_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))


class LateSignatureAck(Base, Created):
    """The records officer's acknowledgement, with a reason, of a signature given later than
    the institution's limit after the event it signs, or after discharge (签署时效确认;
    ``services.claims.late_signatures``). One row per signature and record; append-only
    (migration 0008). The delay is kept as the officer saw it."""

    __tablename__ = "late_signature_ack"
    __table_args__ = (UniqueConstraint("signature_id", "record_type", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    signature_id: Mapped[int] = mapped_column(ForeignKey("signature.id"))
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    delay_days: Mapped[int] = mapped_column(Integer)
    after_discharge: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text)


class AuditEvent(Base):
    """One traced action. ``prev_hash``/``hash`` form the chain (integrity layer)."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_record", "record_type", "record_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    action: Mapped[str] = mapped_column(String(30))
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int | None] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    details: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    # The row's state hash after a create or update (``domain.row_state``), so ``verify``
    # can compare each stored row with its last audited state (None before revision 0007).
    row_sha256: Mapped[str | None] = mapped_column(String(64))
    # Position in the hash chain, given when the event is chained (after its commit on
    # PostgreSQL, so writers never wait for each other; see services/core/audit_chain.py).
    chain_seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class RetentionRecord(Base):
    """Retention metadata of an archived record (≥ 30 years; longer only)."""

    __tablename__ = "retention_record"
    __table_args__ = (UniqueConstraint("record_type", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    record_class: Mapped[str] = mapped_column(String(40))
    retention_start: Mapped[date] = mapped_column(Date)
    retain_until: Mapped[date] = mapped_column(Date)
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False)
    hold_reason: Mapped[str | None] = mapped_column(Text)
    disposal_state: Mapped[str] = mapped_column(String(20), default="retained")


class DisposalRecord(Base, Created):
    """Permanent record of a disposal: appraisal, approval, witnesses, destroyed hashes."""

    __tablename__ = "disposal_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(20))  # proposed/approved/witnessed/destroyed
    appraisal_note: Mapped[str] = mapped_column(Text)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    witnesses: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    items: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    destroyed_on: Mapped[date | None] = mapped_column(Date)
    request_id: Mapped[int | None] = mapped_column(Integer)  # the DisposalRequest carried out


class DisposalRequest(Base, Created, RecordState, Versioned):
    """A proposal to destroy expired records, with its appraisal note.

    The administrator's approval and the two witnesses are signatures on it (meanings
    ``disposal_approves`` and ``disposal_witness``); the database refuses to start a
    destruction without them.
    """

    __tablename__ = "disposal_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_note: Mapped[str] = mapped_column(Text)


class DisposalRequestItem(Base):
    """A retention record a disposal request covers."""

    __tablename__ = "disposal_request_item"
    __table_args__ = (UniqueConstraint("request_id", "retention_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("disposal_request.id"), index=True)
    retention_id: Mapped[int] = mapped_column(ForeignKey("retention_record.id"), index=True)


class NumberSequence(Base):
    """Counters that never go back: case numbers, and case ids on SQLite (which would
    otherwise give a destroyed case's id to the next case)."""

    __tablename__ = "number_sequence"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    last_value: Mapped[int] = mapped_column(BigInteger)


class VerifiedAnchor(Base):
    """A clean ``verify``: the archive checked up to chain event ``chain_seq`` (whose hash was
    ``chain_hash``) and signature ``signature_upto``, fully or since the previous anchor
    (``mode``). Incremental checks start from the latest one. Append-only (migration 0015)."""

    __tablename__ = "verified_anchor"

    id: Mapped[int] = mapped_column(primary_key=True)
    chain_seq: Mapped[int] = mapped_column(BigInteger)
    chain_hash: Mapped[str] = mapped_column(String(64))
    signature_upto: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(12))  # full / incremental
    verified_at: Mapped[datetime] = mapped_column(UtcDateTime())
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
