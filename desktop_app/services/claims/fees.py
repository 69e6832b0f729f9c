"""Fee lines: charges for sessions at the price in force, and every other charge.

Sessions are charged from the execution sheet (``charge_sessions``). Every other charge —
bed-days (``bed_days.charge_bed_days``), drugs, examinations, materials, other items — is
entered (``add_charge``) or imported from a HIS export (``import_charges`` for CSV text,
``import_charge_file`` for a CSV/XLSX file's bytes, ``domain.charge_files``), all rows or
none. A line carries, besides the item at the price in force that day, the time it
occurred (``occurred_at``; ``occurred_on`` is its China-time day) and who ordered it
(department and physician, code and name).

Refused at entry:

* meals (住院伙食补助费, ``MEALS``) unless the case's pack pays them as a charge: no pack
  does (``domain/rules/packs.py`` has no topic ``meals``; Beijing Art. 9 makes the meal
  subsidy the worker's benefit under national and city rules, not an institution's charge);
* an out-of-scope item without a signed consent covering it on or before its day, where
  the case's pack asks for consent (``PolicyPack.consent_makes_self_paid``: Luzhou Art. 31
  「应当书面征得……同意并签字确认」) — unless the person entering states that it was
  used without consent (``without_consent``): Art. 31 then has the institution bear it,
  and the claim's coverage rules decide so.

A line is never edited or deleted: ``reverse_charge`` adds its reversal (a negative line,
``reverses_id``, same price) with the reason in the audit trail. A line on a claim is
reversed by that claim's correction (``claims.correct_claim``). The person who entered
charges signs them off (``charge_signing``); the claim gate blocks unsigned ones.
Coverage is left ``pending`` here; the claim decides it under the policy rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select

from desktop_app.clock import CHINA
from desktop_app.db.models import (
    CatalogueItem,
    Claim,
    FeeLine,
    OutOfScopeConsent,
    RehabCase,
    TreatmentSession,
)
from desktop_app.domain.charge_files import parse_charge_file
from desktop_app.domain.charges_csv import LENGTHS, MEALS, ChargeRow, parse_charges
from desktop_app.domain.rules.coverage import CHARGE_KINDS
from desktop_app.domain.rules.payment_methods import line_amount
from desktop_app.domain.rules.policy import cite
from desktop_app.domain.typed_text import formula_problem
from desktop_app.domain.vocabulary import FEE_CATEGORIES, Action, CoverageClass, State
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.core import audit
from desktop_app.services.core.locks import lock_case
from desktop_app.services.core.lookup import catalogue_item_in_force, get_case, superseded, uncharged
from desktop_app.services.core.permissions import authorize_case
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.rules.region import case_pack

ORDER_FIELDS = (("dept_code", "开单科室编码", "ordering department code"),
                ("dept_name", "开单科室", "ordering department"),
                ("physician_code", "开单医师编码", "ordering physician code"),
                ("physician_name", "开单医师", "ordering physician"))


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
    # When it occurred (naive: China time) — its China day must be ``occurred_on`` — and
    # who ordered it.
    occurred_at: datetime | None = None
    dept_code: str | None = None
    dept_name: str | None = None
    physician_code: str | None = None
    physician_name: str | None = None
    # Out of scope, knowingly without the consent the pack asks for (Luzhou Art. 31: the
    # institution then bears it).
    without_consent: bool = False


def input_of(row: ChargeRow) -> ChargeInput:
    """The charge a checked file row asks for."""
    return ChargeInput(row.national_code, row.occurred_on, row.quantity, row.category, row.charge_kind,
                       row.body_part, row.out_of_scope, row.name, row.unit, row.unit_price,
                       row.occurred_at, row.dept_code, row.dept_name, row.physician_code,
                       row.physician_name, row.without_consent)


def china_moment(moment: datetime) -> datetime:
    """An aware moment: a naive one is China time."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=CHINA)


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
    rows = session.scalars(select(TreatmentSession).where(
        TreatmentSession.case_id == case_id, uncharged(TreatmentSession.id),
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
    case = get_case(uow.session, case_id)
    if inp.category == MEALS:
        pack = case_pack(uow.session, case, uow.clock.today())
        errors.append(error(
            "费用类别", f"{pack.name_zh}（{pack.region}）未规定住院伙食补助费由工伤保险基金作为康复"
            "费用支付，不能录入为费用（北京第九条将其列为工伤职工按国家和本市规定享受的待遇）",
            f"The pack {pack.name_en} ({pack.region}) does not pay the inpatient meal subsidy as a "
            "rehabilitation charge; it cannot be entered as one (Beijing Art. 9 makes it the "
            "worker's benefit under national and city rules)", "category"))
        return None, errors
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
    moment = china_moment(inp.occurred_at) if inp.occurred_at is not None else None
    if moment is not None and moment.astimezone(CHINA).date() != inp.occurred_on:
        errors.append(error("发生时间", f"发生时间 {moment.astimezone(CHINA):%Y-%m-%d %H:%M} 不在发生日期 "
                            f"{inp.occurred_on}", f"The time {moment.astimezone(CHINA):%Y-%m-%d %H:%M} is "
                            f"not on {inp.occurred_on}", "occurred_at"))
    elif moment is not None and moment > uow.clock.now():
        errors.append(error("发生时间", "不能晚于现在", "Cannot be in the future", "occurred_at"))
    for column, label_zh, label_en in ORDER_FIELDS:
        text = (getattr(inp, column) or "").strip()
        problem = formula_problem(text)
        if problem is not None:
            errors.append(error(label_zh, *problem, column))
        elif len(text) > LENGTHS[column]:
            errors.append(error(label_zh, f"超过{LENGTHS[column]}个字符",
                                f"The {label_en} is longer than {LENGTHS[column]} characters", column))
    item = catalogue_item_in_force(uow.session, inp.national_code, inp.occurred_on)
    if inp.out_of_scope:
        if item is not None:
            errors.append(error("项目编码", f"{inp.national_code} 在目录内，不是目录外项目",
                                f"{inp.national_code} is in the catalogue, not out of scope",
                                "national_code"))
        if not (inp.name.strip() and inp.unit.strip()) or inp.unit_price is None or inp.unit_price < 0:
            errors.append(error("目录外项目", "须填写名称、单位和单价",
                                "An out-of-scope item needs its name, unit and price", "out_of_scope"))
    if inp.out_of_scope and not inp.without_consent and not [e for e in errors if not e.warning]:
        errors += _consent_errors(uow, case, inp, error)
    if item is None and not inp.out_of_scope:
        errors.append(error("项目编码", f"{inp.occurred_on} 无有效的项目 {inp.national_code}（目录外"
                            "项目须注明）", f"No catalogue item {inp.national_code} on {inp.occurred_on} "
                            "(mark out-of-scope items as such)", "national_code"))
    elif item is not None and not inp.out_of_scope and inp.unit_price is not None \
            and inp.unit_price != item.price:
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
    line.occurred_at = moment.astimezone(UTC) if moment is not None else None
    for column, _zh, _en in ORDER_FIELDS:
        setattr(line, column, (getattr(inp, column) or "").strip() or None)
    return line, errors


def _consent_errors(uow: UnitOfWork, case: RehabCase, inp: ChargeInput,
                    error: Callable[[str, str, str, str], FieldError]) -> list[FieldError]:
    """Where the case's pack asks for written consent to out-of-scope items, one signed
    before or on the day must cover the item (or the institution bears it, said so)."""
    pack = case_pack(uow.session, case, uow.clock.today())
    if not pack.consent_makes_self_paid:
        return []
    for consent in uow.session.scalars(select(OutOfScopeConsent).where(
            OutOfScopeConsent.case_id == case.id, OutOfScopeConsent.record_state != State.DRAFT,
            OutOfScopeConsent.signed_on <= inp.occurred_on,
            OutOfScopeConsent.id.not_in(superseded("out_of_scope_consent")))):
        if any(isinstance(i, dict) and str(i.get("national_code")) == inp.national_code
               for i in consent.items or []):
            return []
    basis_zh, basis_en = cite(pack.basis("consent"))
    return [error("目录外项目", f"没有已签字的知情同意书覆盖目录外项目 {inp.national_code}（{inp.occurred_on}"
                  f"或之前签署）；{basis_zh}要求书面同意并签字确认。请先登记同意书，或注明未经同意（由本机构承担）",
                  f"No signed consent covers the out-of-scope item {inp.national_code} on or before "
                  f"{inp.occurred_on}; {basis_en} requires written, signed consent. Record the consent "
                  "first, or state that it was used without consent (the institution bears it)",
                  "consent")]


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
    rows, errors = parse_charges(text)
    return _import(uow, case_id, rows, errors)


@use_case(Action.FEE_CHARGE, case="case_id")
def import_charge_file(uow: UnitOfWork, case_id: int, data: bytes, filename: str) -> ImportReport:
    """Import a HIS export (CSV in UTF-8 or GBK/GB18030, or XLSX; domain.charge_files):
    all rows or none, every bad row named."""
    parsed = parse_charge_file(data, filename)
    return _import(uow, case_id, list(parsed.rows), list(parsed.errors))


def _import(uow: UnitOfWork, case_id: int, rows: list[ChargeRow],
            errors: list[FieldError]) -> ImportReport:
    case = get_case(uow.session, case_id)
    lines = []
    for row in rows:
        line, found = charge_line(uow, case.id, input_of(row), row=row.row)
        errors += found
        if line is not None:
            lines.append(line)
    if errors:
        return ImportReport(len(rows), (), tuple(errors))
    uow.session.add_all(lines)
    uow.session.flush()
    return ImportReport(len(rows), tuple(line.id for line in lines), ())


# ----------------------------------------------------------------------------- reversal


def _line_case(uow: UnitOfWork, line_id: int, **_arguments: object) -> None:
    line = uow.session.get(FeeLine, line_id)
    if line is None:
        raise UserError(f"找不到费用 #{line_id}。", f"Charge #{line_id} not found.")
    authorize_case(uow, Action.FEE_CHARGE, get_case(uow.session, line.case_id))


@use_case(Action.FEE_CHARGE, authorize_with=_line_case)
def reverse_charge(uow: UnitOfWork, line_id: int, reason: str) -> int:
    """冲销: a negative line of the same item, price and day (``reverses_id``); the line
    itself never changes. Returns the reversal's id."""
    session = uow.session
    line = session.get(FeeLine, line_id)
    assert line is not None  # the authorisation found it
    lock_case(uow, line.case_id)  # two reversals of one line at once: the second sees the first
    if not reason.strip():
        raise_if_blocking([FieldError("冲销原因", "须填写冲销原因", "A reason is required", key="reason")])
    if line.reverses_id is not None:
        raise UserError(f"费用 #{line.id} 本身是冲销行，不能再冲销。",
                        f"Charge #{line.id} is itself a reversal and cannot be reversed.")
    if line.session_id is not None:
        raise UserError(f"费用 #{line.id} 来自治疗记录，须更正该治疗记录（更正记录）而非冲销。",
                        f"Charge #{line.id} bills a session: amend the session instead.")
    done = session.scalar(select(FeeLine.id).where(FeeLine.reverses_id == line.id).limit(1))
    if done is not None:
        raise UserError(f"费用 #{line.id} 已被冲销（冲销行 #{done}）。",
                        f"Charge #{line.id} is already reversed (by #{done}).")
    if line.claim_id is not None:
        claim = session.get(Claim, line.claim_id)
        assert claim is not None
        if claim.status == "draft":
            raise UserError(
                f"费用 #{line.id} 已列入结算申报草稿 #{claim.id}：请在草稿确认后通过结算更正冲销。",
                f"Charge #{line.id} is on draft claim #{claim.id}: reverse it by correcting the "
                "claim once it is final.")
        raise UserError(
            f"费用 #{line.id} 已在结算申报 #{claim.id}（{claim.period}，第{claim.version_no}版）中：请在"
            "结算页“更正”该申报（生成新版本，冲销并替换）。",
            f"Charge #{line.id} is on claim #{claim.id} ({claim.period}, version {claim.version_no}): "
            "correct that claim instead (a new version reverses and replaces it).")
    skip = {"id", "claim_id", "reverses_id", "record_state", "version", "created_at", "created_by_id",
            "quantity", "amount", "coverage", "coverage_reason", "coverage_rule", "consent_id"}
    values = {c.key: getattr(line, c.key) for c in FeeLine.__mapper__.column_attrs if c.key not in skip}
    reversal = FeeLine(**values, reverses_id=line.id, quantity=-line.quantity, amount=-line.amount,
                       coverage=CoverageClass.PENDING, created_at=uow.clock.now(),
                       created_by_id=uow.actor_id)
    session.add(reversal)
    session.flush()
    audit.record_event(session, "reverse", "fee_line", reversal.id, case_id=line.case_id,
                       details={"reverses": line.id, "reason": reason.strip()})
    return reversal.id
