"""The agency's answers to a claim (经办机构反馈): append-only rows, never changed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.db.base import Base, Created, Money

# kind: domain.claim_states.AnswerKind (submitted / returned / deduction / paid).


class ClaimAnswer(Base, Created):
    """One thing the agency did with a claim: it was submitted to it (on a date), returned
    (with a reason), a line deducted (amount and reason), or an amount paid (on a date).
    Append-only (migration 0010): a wrong entry is answered by a later one, and the claim's
    desk state (``domain.claim_states.desk_state``) is derived from all of them. The claim
    and its frozen hash never change when an answer is recorded."""

    __tablename__ = "claim_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("rehab_case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    on_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal | None] = mapped_column(Money())
    reason: Mapped[str | None] = mapped_column(Text)
    fee_line_id: Mapped[int | None] = mapped_column(ForeignKey("fee_line.id"))
