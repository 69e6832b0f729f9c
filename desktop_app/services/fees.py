"""Fee lines: charges for sessions at the price in force, and other charges.

Coverage is left ``pending`` here; the fee engine decides it under the policy rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from desktop_app.db.models import CatalogueItem, FeeLine, TreatmentSession
from desktop_app.db.models.fees import FEE_CATEGORIES
from desktop_app.errors import FieldError, raise_if_blocking
from desktop_app.services.lookup import catalogue_item_in_force, get_case, superseded
from desktop_app.services.permissions import authorize_case
from desktop_app.services.uow import UnitOfWork

FEN = Decimal("0.01")


@dataclass(frozen=True)
class ChargeInput:
    """A medical, drug, bed or other charge entered by hand or imported."""

    national_code: str
    occurred_on: date
    quantity: Decimal
    category: str


def amount(unit_price: Decimal, quantity: Decimal) -> Decimal:
    return (unit_price * quantity).quantize(FEN, ROUND_HALF_UP)


def charge_sessions(uow: UnitOfWork, case_id: int) -> int:
    """Create a fee line for every session of the case that has none yet."""
    session = uow.session
    case = get_case(session, case_id)
    authorize_case(uow, "fee.charge", case)
    charged = select(FeeLine.session_id).where(FeeLine.session_id.is_not(None))
    rows = session.scalars(select(TreatmentSession).where(
        TreatmentSession.case_id == case_id, TreatmentSession.id.not_in(charged),
        TreatmentSession.id.not_in(superseded("treatment_session")))
        .order_by(TreatmentSession.started_at)).all()
    created = 0
    for row in rows:
        item = catalogue_item_in_force(session, row.national_code, row.session_date)
        if item is None:
            raise_if_blocking([FieldError(
                "收费目录", f"{row.session_date} 无有效的项目 {row.national_code} 价格",
                f"No price in force for {row.national_code} on {row.session_date}")])
        assert item is not None
        session.add(_line(uow, case.id, item, row.session_date, Decimal(row.count),
                          session_id=row.id))
        created += 1
    uow.commit()
    return created


def add_charge(uow: UnitOfWork, case_id: int, inp: ChargeInput) -> int:
    """A non-session charge, kept separate from rehabilitation items (Shandong 四(十))."""
    session = uow.session
    case = get_case(session, case_id)
    authorize_case(uow, "fee.charge", case)
    errors: list[FieldError] = []
    if inp.category not in FEE_CATEGORIES:
        errors.append(FieldError("费用类别", f"无效的费用类别：{inp.category}",
                                 f"Invalid fee category: {inp.category}"))
    if inp.quantity <= 0:
        errors.append(FieldError("数量", "数量须大于0", "The quantity must be above zero"))
    item = catalogue_item_in_force(session, inp.national_code, inp.occurred_on)
    if item is None:
        errors.append(FieldError("项目编码", f"{inp.occurred_on} 无有效的项目 {inp.national_code}",
                                 f"No catalogue item {inp.national_code} on {inp.occurred_on}"))
    if inp.occurred_on > uow.clock.today():
        errors.append(FieldError("发生日期", "不能晚于今天", "Cannot be in the future"))
    raise_if_blocking(errors)
    assert item is not None
    line = _line(uow, case.id, item, inp.occurred_on, inp.quantity, category=inp.category)
    session.add(line)
    session.flush()
    uow.commit()
    return line.id


def _line(uow: UnitOfWork, case_id: int, item: CatalogueItem, day: date, quantity: Decimal,
          *, session_id: int | None = None, category: str | None = None) -> FeeLine:
    return FeeLine(
        case_id=case_id, session_id=session_id, catalogue_item_id=item.id,
        price_version=f"{item.pack.region}/{item.pack.version}",
        national_code=item.national_code, local_code=item.local_code, name=item.name,
        unit=item.unit, unit_price=item.price, quantity=quantity,
        amount=amount(item.price, quantity), category=category or item.category,
        occurred_on=day, coverage="pending", created_at=uow.clock.now(),
        created_by_id=uow.actor_id,
    )
