"""Fee lines: charges for sessions at the price in force, and other charges.

Coverage is left ``pending`` here; the fee engine decides it under the policy rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from desktop_app.db.models import CatalogueItem, FeeLine, TreatmentSession
from desktop_app.domain.charges_csv import parse_charges
from desktop_app.domain.rules.coverage import CHARGE_KINDS
from desktop_app.domain.rules.payment_methods import line_amount
from desktop_app.domain.vocabulary import FEE_CATEGORIES, Action, CoverageClass
from desktop_app.errors import FieldError, raise_if_blocking
from desktop_app.services.core.lookup import catalogue_item_in_force, get_case, superseded
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case


@dataclass(frozen=True)
class ChargeInput:
    """A medical, drug, bed or other charge entered by hand or imported.

    An item outside the work-injury catalogues (``out_of_scope``) carries its own name,
    unit and price; its coverage then depends on a signed consent (Luzhou Art. 31)."""

    national_code: str
    occurred_on: date
    quantity: Decimal
    category: str
    charge_kind: str | None = None  # domain.rules.coverage.CHARGE_KINDS
    body_part: str | None = None
    out_of_scope: bool = False
    name: str = ""
    unit: str = ""
    unit_price: Decimal | None = None  # must match the catalogue when given for an item in it


def amount(unit_price: Decimal, quantity: Decimal) -> Decimal:
    return line_amount(unit_price, quantity)


@use_case(Action.FEE_CHARGE, case="case_id", locks_case=True)
def charge_sessions(uow: UnitOfWork, case_id: int) -> int:
    """Create a fee line for every session of the case that has none yet."""
    case = get_case(uow.session, case_id)
    created = charge_new_sessions(uow, case.id)
    return created


def charge_new_sessions(uow: UnitOfWork, case_id: int) -> int:
    """The fee lines of sessions not charged yet (no permission check, no commit)."""
    session = uow.session
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
                f"No price in force for {row.national_code} on {row.session_date}", key="catalogue")])
        assert item is not None
        session.add(_line(uow, case_id, item, row.session_date, Decimal(row.count),
                          session_id=row.id))
        created += 1
    session.flush()
    return created


@use_case(Action.FEE_CHARGE, case="case_id")
def add_charge(uow: UnitOfWork, case_id: int, inp: ChargeInput) -> int:
    """A non-session charge, kept separate from rehabilitation items (Shandong 四(十))."""
    line, errors = charge_line(uow, case_id, inp)
    raise_if_blocking(errors)
    assert line is not None
    uow.session.add(line)
    uow.session.flush()
    return line.id


def charge_line(uow: UnitOfWork, case_id: int, inp: ChargeInput,
                row: int | None = None) -> tuple[FeeLine | None, list[FieldError]]:
    """The checked line of a charge, not added (None with the reasons when refused);
    ``row``: the file line it came from, named in each error."""
    def error(name: str, zh: str, en: str, key: str) -> FieldError:
        if row is None:
            return FieldError(name, zh, en, key=key)
        return FieldError(f"第{row}行 {name}", zh, f"line {row}: {en}", key=f"line.{row}.{key}")

    errors: list[FieldError] = []
    if inp.category not in FEE_CATEGORIES:
        errors.append(error("费用类别", f"无效的费用类别：{inp.category}",
                            f"Invalid fee category: {inp.category}", "category"))
    if inp.quantity <= 0:
        errors.append(error("数量", "数量须大于0", "The quantity must be above zero", "quantity"))
    if inp.charge_kind is not None and inp.charge_kind not in CHARGE_KINDS:
        errors.append(error("费用性质", f"未知的费用性质：{inp.charge_kind}",
                            f"Unknown charge kind: {inp.charge_kind}", "charge_kind"))
    if inp.occurred_on > uow.clock.today():
        errors.append(error("发生日期", "不能晚于今天", "Cannot be in the future", "occurred_on"))
    item = catalogue_item_in_force(uow.session, inp.national_code, inp.occurred_on)
    if inp.out_of_scope:
        if item is not None:
            errors.append(error("项目编码", f"{inp.national_code} 在目录内，不是目录外项目",
                                f"{inp.national_code} is in the catalogue, not out of scope",
                                "national_code"))
        if not (inp.name.strip() and inp.unit.strip()) or inp.unit_price is None or inp.unit_price < 0:
            errors.append(error("目录外项目", "须填写名称、单位和单价",
                                "An out-of-scope item needs its name, unit and price", "out_of_scope"))
    elif item is None:
        errors.append(error("项目编码", f"{inp.occurred_on} 无有效的项目 {inp.national_code}（目录外"
                            "项目须注明）", f"No catalogue item {inp.national_code} on {inp.occurred_on} "
                            "(mark out-of-scope items as such)", "national_code"))
    elif inp.unit_price is not None and inp.unit_price != item.price:
        errors.append(error("单价", f"单价 {inp.unit_price} 与目录价格 {item.price} 不符",
                            f"Price {inp.unit_price} differs from the catalogue's {item.price}",
                            "unit_price"))
    if [e for e in errors if not e.warning]:
        return None, errors
    if item is not None:
        line = _line(uow, case_id, item, inp.occurred_on, inp.quantity, category=inp.category)
    else:
        assert inp.unit_price is not None
        line = FeeLine(
            case_id=case_id, catalogue_item_id=None, price_version="目录外/out-of-scope",
            national_code=inp.national_code, name=inp.name.strip(), unit=inp.unit.strip(),
            unit_price=inp.unit_price, quantity=inp.quantity,
            amount=amount(inp.unit_price, inp.quantity), category=inp.category,
            occurred_on=inp.occurred_on, coverage=CoverageClass.PENDING, created_at=uow.clock.now(),
            created_by_id=uow.actor_id)
    line.charge_kind = inp.charge_kind
    line.body_part = inp.body_part or None
    return line, errors


def _line(uow: UnitOfWork, case_id: int, item: CatalogueItem, day: date, quantity: Decimal,
          *, session_id: int | None = None, category: str | None = None) -> FeeLine:
    return FeeLine(
        case_id=case_id, session_id=session_id, catalogue_item_id=item.id,
        price_version=f"{item.pack.region}/{item.pack.version}",
        national_code=item.national_code, local_code=item.local_code, name=item.name,
        unit=item.unit, unit_price=item.price, quantity=quantity,
        amount=amount(item.price, quantity), category=category or item.category,
        occurred_on=day, coverage=CoverageClass.PENDING, created_at=uow.clock.now(),
        created_by_id=uow.actor_id,
    )


@dataclass(frozen=True)
class ImportReport:
    """What a CSV import did: every bad row named, and nothing imported if any was bad."""

    rows: int
    imported: tuple[int, ...]  # the new fee line ids
    errors: tuple[FieldError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


@use_case(Action.FEE_CHARGE, case="case_id")
def import_charges(uow: UnitOfWork, case_id: int, text: str) -> ImportReport:
    """Import a CSV of medical, drug, bed and other charges (domain.charges_csv): all rows
    or none."""
    case = get_case(uow.session, case_id)
    rows, errors = parse_charges(text)
    lines = []
    for row in rows:
        line, found = charge_line(uow, case.id, ChargeInput(
            row.national_code, row.occurred_on, row.quantity, row.category, row.charge_kind,
            row.body_part, row.out_of_scope, row.name, row.unit, row.unit_price),
            row=row.row)
        errors += found
        if line is not None:
            lines.append(line)
    if errors:
        return ImportReport(len(rows), (), tuple(errors))
    uow.session.add_all(lines)
    uow.session.flush()
    return ImportReport(len(rows), tuple(line.id for line in lines), ())
