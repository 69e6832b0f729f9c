"""Written consent to out-of-scope items (Luzhou Art. 31): the items, their amount at the
catalogue price in force (or the price given for an item outside the catalogue), and who
consents — the employer, the worker or a close relative. The consent is written as a draft
and becomes binding when signed (on the pad, or a scanned paper); signed consents make the
claim treat those items as self-paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import Employer, Injury, OutOfScopeConsent, RehabCase, Worker
from desktop_app.domain.rules.payment_methods import line_amount
from desktop_app.domain.vocabulary import Action, ConsentSigner, SignerKind, State
from desktop_app.errors import FieldError, raise_if_blocking
from desktop_app.services.clinical.plan_view import CatalogueChoice, catalogue_choices
from desktop_app.services.clinical.treatment import Recorded
from desktop_app.services.core.lookup import approved_counts, catalogue_item_in_force, get_case, superseded
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.integrity.signing import EMPLOYER, Signer, signatures_of
from desktop_app.services.rules.region import case_basis

CONSENT_SIGNERS: dict[str, tuple[str, str]] = {ConsentSigner.EMPLOYER: ("用人单位", "employer"),
                                               ConsentSigner.WORKER: ("职工本人", "the worker"),
                                               ConsentSigner.RELATIVE: ("近亲属", "a close relative")}
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ConsentItemInput:
    """A catalogue item outside the approval (priced from the catalogue), or an item outside
    the catalogue with its name, unit and price."""

    national_code: str
    count: int
    name: str = ""
    unit: str = ""
    unit_price: Decimal | None = None


@dataclass(frozen=True)
class ConsentInput:
    items: tuple[ConsentItemInput, ...]
    signer_kind: str  # CONSENT_SIGNERS
    signer_name: str
    signed_on: date
    relationship: str = ""  # a relative's to the worker; the employer representative's capacity
    note: str | None = None
    proof: str = ""  # a relative signing for the worker: why, and the proof seen


@dataclass(frozen=True)
class PricedItem:
    national_code: str
    name: str
    unit: str
    unit_price: Decimal
    count: int
    in_catalogue: bool

    @property
    def amount(self) -> Decimal:
        return line_amount(self.unit_price, Decimal(max(self.count, 0)))

    def stored(self) -> dict[str, object]:
        return {"national_code": self.national_code, "name": self.name, "unit": self.unit,
                "unit_price": str(self.unit_price), "count": self.count,
                "amount": str(self.amount), "in_catalogue": self.in_catalogue}


def total(items: list[PricedItem]) -> Decimal:
    return sum((i.amount for i in items), ZERO)


def price_items(session: Session, case_id: int, items: tuple[ConsentItemInput, ...],
                on: date) -> tuple[list[PricedItem], list[FieldError]]:
    """The items at their price on ``on``, and what is wrong with them."""
    approved = approved_counts(session, case_id)
    priced: list[PricedItem] = []
    errors: list[FieldError] = []
    if not items:
        errors.append(FieldError("自费项目", "请至少选择一个目录外或核准外项目",
                                 "Choose at least one out-of-scope item", key="items"))
    seen: set[str] = set()
    for n, item in enumerate(items, 1):
        field, key = f"项目{n}", f"items.{n}"
        code = item.national_code.strip()
        if code in seen:
            errors.append(FieldError(field, "项目重复", "Duplicate item", key=key))
        seen.add(code)
        if item.count < 1:
            errors.append(FieldError(field, "数量须为正整数", "The count must be a positive whole number",
                                     key=key))
        found = catalogue_item_in_force(session, code, on) if code else None
        if found is not None:
            if code in approved:
                errors.append(FieldError(field, f"{found.name} 在核准项目内，由基金支付，无需自费同意",
                                         f"{found.name} is approved (fund-paid); no consent needed", key=key))
            priced.append(PricedItem(code, found.name, found.unit, found.price, item.count, True))
            continue
        if not (code and item.name.strip() and item.unit.strip()) or item.unit_price is None \
                or item.unit_price < 0:
            errors.append(FieldError(field, "目录外项目须填写编码、名称、单位和单价",
                                     "An item outside the catalogue needs its code, name, unit and "
                                     "price", key=key))
            continue
        priced.append(PricedItem(code, item.name.strip(), item.unit.strip(), item.unit_price,
                                 item.count, False))
    return priced, errors


def signer_errors(inp: ConsentInput, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    if inp.signer_kind not in CONSENT_SIGNERS:
        errors.append(FieldError("签署人", f"无效的签署人类型：{inp.signer_kind}",
                                 f"Invalid signer: {inp.signer_kind}", key="signer"))
    if not inp.signer_name.strip():
        errors.append(FieldError("签署人姓名", "请填写签署人姓名", "Please enter the signer's name",
                                 key="signer_name"))
    if inp.signer_kind == ConsentSigner.RELATIVE and not inp.relationship.strip():
        errors.append(FieldError("与职工关系", "近亲属须写明与职工的关系",
                                 "A close relative states their relationship to the worker",
                                 key="relationship"))
    if inp.signer_kind == ConsentSigner.RELATIVE and not inp.proof.strip():
        errors.append(FieldError("代签依据", "近亲属代签须写明原因及所查验的证明（如户口簿）",
                                 "A relative signing for the worker states why, and the proof seen",
                                 key="proof"))
    if inp.signer_kind == ConsentSigner.EMPLOYER and not inp.relationship.strip():
        errors.append(FieldError("单位代表身份", "用人单位代表须写明其身份（如人事经办人）",
                                 "The employer's representative states their capacity", key="relationship"))
    if inp.signed_on > today:
        errors.append(FieldError("签署日期", "签署日期不能晚于今天", "The date cannot be in the future",
                                 key="signed_on"))
    return errors


@use_case(Action.CONSENT_RECORD, case="case_id")
def record_consent(uow: UnitOfWork, case_id: int, inp: ConsentInput) -> Recorded:
    """Write the consent as a draft; it binds once signed."""
    case = get_case(uow.session, case_id)
    priced, errors = price_items(uow.session, case.id, inp.items, inp.signed_on)
    errors += signer_errors(inp, uow.clock.today())
    raise_if_blocking(errors)
    proof = f"代签依据：{inp.proof.strip()}" if inp.signer_kind == ConsentSigner.RELATIVE else ""
    note = "\n".join(filter(None, (signer_line(inp.signer_name, inp.relationship), proof,
                                   (inp.note or "").strip())))
    consent = OutOfScopeConsent(
        case_id=case.id, items=[p.stored() for p in priced], amount=total(priced),
        signer_kind=inp.signer_kind, signer_name=inp.signer_name.strip(), signed_on=inp.signed_on,
        note=note, created_at=uow.clock.now(), created_by_id=uow.actor_id)
    uow.session.add(consent)
    uow.session.flush()
    return Recorded(consent.id)


SIGNER_PREFIX = "签署人："


def signer_line(name: str, relationship: str) -> str:
    """The note's first line: the signer and their relationship (no column of its own)."""
    relation = f"（{relationship.strip()}）" if relationship.strip() else ""
    return f"{SIGNER_PREFIX}{name.strip()}{relation}"


def relationship_of(note: str) -> str:
    first = note.split("\n", 1)[0]
    if first.startswith(SIGNER_PREFIX) and first.endswith("）") and "（" in first:
        return first[first.index("（") + 1:-1]
    return ""


def pad_signer(kind: str, name: str, relationship: str, proof: str = "") -> Signer:
    """Who signs the consent on the pad, as ``signing.sign`` takes it."""
    if kind == ConsentSigner.WORKER:
        return Signer(SignerKind.PATIENT, name.strip())
    if kind == ConsentSigner.EMPLOYER:
        return Signer(EMPLOYER, name.strip(), relationship=relationship.strip() or None)
    return Signer(SignerKind.RELATIVE, name.strip(), relationship=relationship.strip() or None,
                  proof_note=proof.strip() or None)


# ----------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class ConsentRow:
    consent_id: int
    signed_on: date
    items: str
    amount: Decimal
    signer_kind: str
    signer_name: str
    relationship: str
    note: str
    state: str
    superseded: bool
    signed_by: str  # who signed (and how), empty while unsigned

    @property
    def awaiting_signature(self) -> bool:
        return self.state == State.DRAFT and not self.superseded


@dataclass(frozen=True)
class ConsentPageData:
    case_number: str
    patient_name: str
    employer_name: str
    relative_name: str
    relative_relation: str
    rows: tuple[ConsentRow, ...]
    # What the case's region says of the consent (Luzhou Art. 31: self-paid with it, the
    # institution's cost without it); empty where the region's text is silent.
    basis_zh: str = ""
    basis_en: str = ""


def consent_page(session: Session, case_id: int) -> ConsentPageData:
    case: RehabCase = get_case(session, case_id)
    worker = session.get(Worker, case.worker_id)
    injury = session.get(Injury, case.injury_id)
    employer = (session.get(Employer, injury.employer_id)
                if injury is not None and injury.employer_id is not None else None)
    replaced = set(session.scalars(superseded("out_of_scope_consent")))
    rows = []
    for c in session.scalars(select(OutOfScopeConsent).where(OutOfScopeConsent.case_id == case_id)
                             .order_by(OutOfScopeConsent.signed_on, OutOfScopeConsent.id)):
        signed = "、".join(f"{s.signer_name}（{'手写' if s.method == 'handwritten' else '扫描件'}）"
                          for s in signatures_of(session, "out_of_scope_consent", c.id))
        items = "、".join(f"{i.get('name')}×{i.get('count', '')}" for i in c.items or [])
        rows.append(ConsentRow(c.id, c.signed_on, items, c.amount, c.signer_kind, c.signer_name,
                               relationship_of(c.note or ""), c.note or "", c.record_state,
                               c.id in replaced, signed))
    return ConsentPageData(case.case_number, worker.name if worker else "",
                           employer.name if employer else "",
                           (worker.relative_name or "") if worker else "",
                           (worker.relative_relation or "") if worker else "", tuple(rows),
                           *case_basis(session, case, "consent")["consent"])


def consent_choices(session: Session, case_id: int, today: date
                    ) -> tuple[ConsentPageData, list[CatalogueChoice]]:
    """The consent page, and the catalogue items outside the approval to pick from."""
    approved = approved_counts(session, case_id)
    return consent_page(session, case_id), [
        c for c in catalogue_choices(session, today, approved) if not c.approved]
