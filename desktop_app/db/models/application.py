"""The rehabilitation application (工伤康复申请) and its materials checklist: append-only rows
(migration 0017), never changed; a checklist item's latest row counts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.db.base import Base, Created

# applicant: domain.vocabulary.APPLICANTS; item_code: domain.rules.application (the pack's
# checklist); status: APPLICATION_ITEM_STATUSES.


class RehabApplication(Base, Created):
    """An application for rehabilitation sent to the deciding body (Luzhou Art. 12: the
    appraisal committee; Beijing Art. 7: the district agency): when it was submitted and
    accepted (受理, from which the answer deadline runs), by whom, under which pack's rules.
    The approval that answers it refers to it (``approval.application_id``)."""

    __tablename__ = "rehab_application"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    submitted_on: Mapped[date] = mapped_column(Date)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    applicant: Mapped[str] = mapped_column(String(20))
    submitted_to: Mapped[str] = mapped_column(String(200))
    pack_code: Mapped[str] = mapped_column(String(40))  # whose checklist and deadline apply
    note: Mapped[str | None] = mapped_column(Text)


class ApplicationItem(Base, Created):
    """One materials item of an application: attached (a scan in the archive) or not
    applicable, with the reason. A later row for the same item replaces it in the checklist."""

    __tablename__ = "application_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("rehab_application.id"), index=True)
    item_code: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    reason: Mapped[str | None] = mapped_column(Text)
