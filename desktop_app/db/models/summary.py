"""The institution's monthly summary of claims (申报汇总表), one row per version."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.db.base import Base, Created, RecordState


class MonthlySummary(Base, Created, RecordState):
    """One version of a month's 申报汇总表 (``services/claims/monthly_summary``): the
    canonical JSON of the month's frozen claims and totals (``content``), its SHA-256, and
    the audit head when it was made (printed on its PDF). Append-only (migration 0011): a
    month summarised again is version n+1. The two sign-offs (经办人, 审核人) are staff
    signatures on the row; ``record_state`` stays ``final`` (the content is frozen when
    written; who signed is read from the signatures)."""

    __tablename__ = "monthly_summary"
    __table_args__ = (UniqueConstraint("month", "version_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    version_no: Mapped[int] = mapped_column(Integer)
    content_sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)  # canonical JSON (domain/canonical), UTF-8 text
    anchor_seq: Mapped[int] = mapped_column(BigInteger)
    anchor_hash: Mapped[str] = mapped_column(String(64))
