"""Scanned attachments of a case: content stored once by its SHA-256, with its size,
media type (read from the content) and kind; every row audited by the unit of work.

``store_attachment`` is the step other use cases share (intake keeps the application
materials, an approval its decision scan, in their own transaction); ``add_attachment``
is the use case of adding one file to an open case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Attachment, AttachmentBlob
from desktop_app.domain.attachments import KINDS, sniff_media_type, validate_attachment
from desktop_app.domain.canonical import sha256_hex
from desktop_app.domain.vocabulary import Action
from desktop_app.errors import FieldError, NotFound, raise_if_blocking
from desktop_app.services.core.commands import AttachmentInput
from desktop_app.services.core.lookup import get_case
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    kind: str
    kind_label: str
    filename: str
    media_type: str
    size: int
    sha256: str
    created_at: datetime
    description: str | None


def read_file(path: Path, kind: str, description: str | None = None) -> AttachmentInput:
    """The file at ``path`` as an input (raises ``OSError`` if it cannot be read)."""
    return AttachmentInput(path.name, path.read_bytes(), kind, description)


def attachment_errors(inp: AttachmentInput, field: str = "附件",
                      key: str = "attachment") -> list[FieldError]:
    return validate_attachment(inp.filename, inp.content, inp.kind, field=field, key=key)


def store_attachment(uow: UnitOfWork, case_id: int, inp: AttachmentInput) -> Attachment:
    """Add a checked file to the case (no permission check, no commit: the caller's)."""
    session = uow.session
    media_type = sniff_media_type(inp.content)
    assert media_type is not None, "checked by attachment_errors first"
    digest = sha256_hex(inp.content)
    if session.get(AttachmentBlob, digest) is None:
        session.add(AttachmentBlob(sha256=digest, size=len(inp.content), content=inp.content))
        session.flush()  # no relationship orders the blob before the row that names it
    attachment = Attachment(case_id=case_id, kind=inp.kind, filename=inp.filename.strip(),
                            media_type=media_type, sha256=digest, description=inp.description,
                            created_at=uow.clock.now(), created_by_id=uow.actor_id)
    session.add(attachment)
    session.flush()
    return attachment


@use_case(Action.CASE_ATTACH, case="case_id")
def add_attachment(uow: UnitOfWork, case_id: int, inp: AttachmentInput) -> int:
    """Add one scanned file to an open case."""
    case = get_case(uow.session, case_id)
    raise_if_blocking(attachment_errors(inp))
    attachment = store_attachment(uow, case.id, inp)
    return attachment.id


def case_attachments(session: Session, case_id: int) -> list[AttachmentRow]:
    rows = session.execute(
        select(Attachment, AttachmentBlob.size).join(AttachmentBlob)
        .where(Attachment.case_id == case_id).order_by(Attachment.id))
    return [AttachmentRow(a.id, a.kind, KINDS.get(a.kind, (a.kind, a.kind))[0], a.filename,
                          a.media_type, size, a.sha256, a.created_at, a.description)
            for a, size in rows]


def attachment_content(session: Session, attachment_id: int) -> bytes:
    """The stored bytes (NotFound if the attachment, or its disposed content, is gone)."""
    content = session.scalar(select(AttachmentBlob.content).join(
        Attachment, Attachment.sha256 == AttachmentBlob.sha256).where(
        Attachment.id == attachment_id))
    if content is None:
        raise NotFound(f"找不到附件 {attachment_id} 的内容。",
                       f"The content of attachment {attachment_id} is not there.")
    return content
