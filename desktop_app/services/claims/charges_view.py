"""The charges of a case as the charge page and ``charge list`` show them: every fee line
(sessions' and entered ones), reversal pairs linked both ways with the reason given, who
entered each, whether it is signed off (``charge_signing.signed_entries``), the claim
that holds it, and the totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.db.models import AuditEvent, CatalogueItem, CataloguePack, Claim, FeeLine, StaffUser
from desktop_app.domain.vocabulary import FeeCategory
from desktop_app.services.claims.bed_days import bed_codes
from desktop_app.services.claims.charge_signing import entries, signed_entries
from desktop_app.services.core.lookup import catalogue_item_in_force, get_case


@dataclass(frozen=True)
class ChargeRowView:
    id: int
    occurred_on: date
    occurred_at: str  # "HH:MM" China time, "" when not recorded
    national_code: str
    name: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    category: str
    dept: str  # "name (code)"
    physician: str
    entered_by: str
    from_session: bool
    entry: bool  # an entered charge (needs its enterer's sign-off)
    signed_by: str  # "" while not signed off (or not an entry)
    signed_at: datetime | None
    reverses_id: int | None
    reversed_by_id: int | None
    reason: str  # a reversal's reason
    claim_id: int | None
    claim_status: str
    out_of_scope: bool
    entered_by_id: int | None


@dataclass(frozen=True)
class ChargesView:
    case_id: int
    case_number: str
    setting: str
    admission_date: date | None
    discharge_date: date | None
    rows: tuple[ChargeRowView, ...]
    total: Decimal
    unsigned: int  # entered charges not signed off
    mine_unsigned: int  # of them, the viewer's own

    def row(self, line_id: int) -> ChargeRowView | None:
        return next((r for r in self.rows if r.id == line_id), None)


@dataclass(frozen=True)
class ItemView:
    national_code: str
    name: str
    unit: str
    price: Decimal
    category: str
    price_version: str


def _who(name: str | None, code: str | None) -> str:
    if name and code:
        return f"{name}（{code}）"
    return name or code or ""


def charges(session: Session, case_id: int, viewer_id: int | None = None) -> ChargesView:
    case = get_case(session, case_id)
    lines = list(session.scalars(select(FeeLine).where(FeeLine.case_id == case.id)
                                 .order_by(FeeLine.occurred_on, FeeLine.occurred_at, FeeLine.id)))
    names = {i: n for i, n in session.execute(select(StaffUser.id, StaffUser.display_name))}
    claim_ids = {ln.claim_id for ln in lines if ln.claim_id is not None}
    claims = ({c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_(claim_ids)))}
              if claim_ids else {})
    entered = {ln.id for ln in entries(session, lines)}
    signed = signed_entries(session, [ln for ln in lines if ln.id in entered])
    reversed_by = {ln.reverses_id: ln.id for ln in lines if ln.reverses_id is not None}
    reasons = {}
    for record_id, details in session.execute(select(AuditEvent.record_id, AuditEvent.details).where(
            AuditEvent.case_id == case.id, AuditEvent.action == "reverse",
            AuditEvent.record_type == "fee_line")):
        reasons[record_id] = str((details or {}).get("reason", ""))
    rows = []
    for ln in lines:
        mark = signed.get(ln.id)
        claim = claims.get(ln.claim_id) if ln.claim_id is not None else None
        rows.append(ChargeRowView(
            ln.id, ln.occurred_on,
            ln.occurred_at.astimezone(CHINA).strftime("%H:%M") if ln.occurred_at else "",
            ln.national_code, ln.name, ln.unit, ln.quantity, ln.unit_price, ln.amount, ln.category,
            _who(ln.dept_name, ln.dept_code), _who(ln.physician_name, ln.physician_code),
            names.get(ln.created_by_id, "") if ln.created_by_id else "", ln.session_id is not None,
            ln.id in entered, mark.signer_name if mark else "", mark.signed_at if mark else None,
            ln.reverses_id, reversed_by.get(ln.id), reasons.get(ln.id, ""), ln.claim_id,
            claim.status if claim else "", ln.catalogue_item_id is None and ln.session_id is None,
            ln.created_by_id))
    unsigned = [r for r in rows if r.entry and not r.signed_by]
    return ChargesView(case.id, case.case_number, case.setting, case.admission_date,
                       case.discharge_date, tuple(rows), sum((r.amount for r in rows), Decimal(0)),
                       len(unsigned), len([r for r in unsigned if r.entered_by_id == viewer_id]))


def item_in_force(session: Session, national_code: str, on: date) -> ItemView | None:
    """The catalogue item the charge dialog shows for a code typed (None: not in force)."""
    item = catalogue_item_in_force(session, national_code.strip(), on)
    if item is None:
        return None
    return ItemView(item.national_code, item.name, item.unit, item.price, item.category,
                    f"{item.pack.region}/{item.pack.version}")


def chargeable_items(session: Session, on: date) -> list[ItemView]:
    """Catalogue items in force on ``on`` a charge may name (not rehabilitation items: those
    are charged from the execution sheet), for the dialog's lookup."""
    rows = session.scalars(select(CatalogueItem).join(CataloguePack).where(
        CatalogueItem.category != FeeCategory.REHAB, CataloguePack.effective_from <= on,
        (CataloguePack.effective_to.is_(None)) | (CataloguePack.effective_to >= on))
        .order_by(CatalogueItem.national_code, CataloguePack.effective_from.desc()))
    seen: dict[str, ItemView] = {}
    for item in rows:
        if item.national_code not in seen:
            seen[item.national_code] = ItemView(item.national_code, item.name, item.unit, item.price,
                                                item.category, f"{item.pack.region}/{item.pack.version}")
    return list(seen.values())


def bed_items(session: Session, on: date) -> list[str]:
    return bed_codes(session, on)
