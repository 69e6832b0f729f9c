"""What the monthly summary dialog shows: the month's latest summary version, its totals
and its sign-offs (plain data; ``monthly_summary`` makes and signs it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from desktop_app.documents.monthly_summary import LeftOut, SignOff, SummaryRow
from desktop_app.services.claims import monthly_summary


@dataclass(frozen=True)
class SummaryView:
    summary_id: int
    month: str
    version_no: int
    content_sha256: str
    made_at: datetime
    made_by: str
    rows: tuple[SummaryRow, ...]
    left_out: tuple[LeftOut, ...]
    by_category: dict[str, Decimal]
    by_payer: dict[str, Decimal]
    total: Decimal
    line_count: int
    sign_offs: tuple[SignOff, ...]
    versions: int  # how many versions the month has (this is the latest)

    @property
    def signed_off(self) -> bool:
        return all(s.signed_at is not None for s in self.sign_offs)


def latest_summary(session: Session, month: str) -> SummaryView | None:
    """The month's latest summary version, or None before the first."""
    found = monthly_summary.versions(session, month)
    if not found:
        return None
    row = found[-1]
    data = monthly_summary.document_data(session, row)
    return SummaryView(row.id, row.month, row.version_no, row.content_sha256, data.made_at,
                       data.made_by, tuple(data.rows), tuple(data.left_out), dict(data.by_category),
                       dict(data.by_payer), data.total, data.line_count, tuple(data.sign_offs),
                       len(found))
