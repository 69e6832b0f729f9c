"""Follow-up after discharge (出院随访) at 3, 6 and 12 months: append-only rows, never changed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.db.base import Base, Created

# months: domain.vocabulary.FOLLOW_UP_MONTHS; method: FOLLOW_UP_METHODS;
# return_to_work: RETURN_TO_WORK.


class FollowUp(Base, Created):
    """What was learnt when the worker was contacted at a milestone after discharge: how
    (phone, visit, letter…), their work status and, where asked, their satisfaction.
    Append-only (migration 0014): a correction is a newer row for the same case and
    milestone, and the latest one counts (``services.clinical.follow_up_view``)."""

    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    months: Mapped[int] = mapped_column(Integer)
    contacted_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20))
    return_to_work: Mapped[str] = mapped_column(String(30))
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
