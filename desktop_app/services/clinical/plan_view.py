"""What the plan page shows: the case's plan versions, the approved period and items, the
catalogue to pick items from (searchable by name, pinyin initials or code), the live
cost estimate and the text the patient reads before signing. Plain data, no Qt."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import (
    CatalogueItem,
    CataloguePack,
    RehabCase,
    Signature,
    SignatureItem,
    TreatmentPlan,
    Worker,
)
from desktop_app.domain.rules.payment_methods import line_amount
from desktop_app.domain.vocabulary import PATIENT_SIDE
from desktop_app.services.core.lookup import approved_counts, approved_periods, get_case
from desktop_app.services.intake.intake import name_initials

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PlanLine:
    national_code: str
    name: str
    unit: str
    frequency: str
    total_count: int
    unit_price: Decimal

    @property
    def amount(self) -> Decimal:
        return line_amount(self.unit_price, Decimal(max(self.total_count, 0)))


@dataclass(frozen=True)
class PlanDraft:
    """A plan's content as the patient reads it (an edited one or a stored version)."""

    period_from: date
    period_to: date
    goals: str
    expected_effect: str
    precautions: str
    lines: tuple[PlanLine, ...]


@dataclass(frozen=True)
class PlanVersion:
    plan_id: int
    version_no: int
    state: str
    draft: PlanDraft
    cost_estimate: Decimal
    revision_reason: str | None
    created_at: datetime
    patient_signer: str | None  # who signed for the patient side, None while unsigned


@dataclass(frozen=True)
class CatalogueChoice:
    national_code: str
    name: str
    unit: str
    price: Decimal
    initials: str
    approved: bool
    approved_count: int | None


@dataclass(frozen=True)
class PlanPageData:
    case_id: int
    case_number: str
    patient_name: str
    case_status: str
    periods: tuple[tuple[date, date], ...]
    approved: dict[str, int | None]
    versions: tuple[PlanVersion, ...]  # newest first

    @property
    def current(self) -> PlanVersion | None:
        return self.versions[0] if self.versions else None


def estimate(lines: Iterable[PlanLine]) -> Decimal:
    """The plan's cost estimate: each line rounded to the fen, then summed (as stored)."""
    return sum((line.amount for line in lines), ZERO)


def _patient_signers(session: Session, plan_ids: list[int]) -> dict[int, str]:
    if not plan_ids:
        return {}
    rows = session.execute(
        select(SignatureItem.record_id, Signature.signer_name).join(
            Signature, Signature.id == SignatureItem.signature_id)
        .where(SignatureItem.record_type == "treatment_plan", SignatureItem.record_id.in_(plan_ids),
               Signature.signer_kind.in_(PATIENT_SIDE)).order_by(Signature.signed_at))
    return {record_id: name for record_id, name in rows}


def _version(plan: TreatmentPlan, signer: str | None) -> PlanVersion:
    lines = tuple(PlanLine(i.national_code, i.name, i.unit, i.frequency, i.total_count,
                           i.unit_price) for i in plan.items)
    draft = PlanDraft(plan.period_from, plan.period_to, plan.goals, plan.expected_effect,
                      plan.precautions, lines)
    return PlanVersion(plan.id, plan.version_no, plan.record_state, draft, plan.cost_estimate,
                       plan.revision_reason, plan.created_at, signer)


def plan_page(session: Session, case_id: int) -> PlanPageData:
    case: RehabCase = get_case(session, case_id)
    patient = session.scalar(select(Worker.name).where(Worker.id == case.worker_id)) or ""
    plans = list(session.scalars(select(TreatmentPlan).where(TreatmentPlan.case_id == case_id)
                                 .order_by(TreatmentPlan.version_no.desc())))
    signers = _patient_signers(session, [p.id for p in plans])
    return PlanPageData(case.id, case.case_number, patient, case.status,
                        tuple(approved_periods(session, case_id)),
                        approved_counts(session, case_id),
                        tuple(_version(p, signers.get(p.id)) for p in plans))


def catalogue_choices(session: Session, on: date,
                      approved: dict[str, int | None]) -> list[CatalogueChoice]:
    """Every item in force on ``on`` (the newest pack's row per code), approved ones first."""
    rows = session.scalars(
        select(CatalogueItem).join(CataloguePack).where(
            CataloguePack.effective_from <= on,
            (CataloguePack.effective_to.is_(None)) | (CataloguePack.effective_to >= on))
        .order_by(CataloguePack.effective_from.desc(), CataloguePack.id.desc(), CatalogueItem.id))
    newest: dict[str, CatalogueItem] = {}
    for item in rows:
        newest.setdefault(item.national_code, item)
    choices = [CatalogueChoice(i.national_code, i.name, i.unit, i.price, name_initials(i.name),
                               i.national_code in approved, approved.get(i.national_code))
               for i in newest.values()]
    return sorted(choices, key=lambda c: (not c.approved, c.national_code))


def matches(choice: CatalogueChoice, query: str) -> bool:
    """By name (any part), pinyin initials (from the start) or code (national or its
    significant part, from the start)."""
    text = query.strip().lower()
    if not text:
        return True
    return (text in choice.name.lower() or choice.initials.startswith(text)
            or choice.national_code.lower().startswith(text)
            or choice.national_code.lstrip("0").startswith(text.lstrip("0") or text))


def search(choices: Sequence[CatalogueChoice], query: str) -> list[CatalogueChoice]:
    return [c for c in choices if matches(c, query)]


def preview_lines(draft: PlanDraft, patient_name: str, case_number: str,
                  version_no: int | None = None) -> list[str]:
    """The plan as the patient reads it before signing (Luzhou Art. 21: period, items,
    time, expected effect, cost detail, precautions)."""
    title = "康复治疗方案" + (f"（第{version_no}版）" if version_no else "")
    lines = [f"{title}　患者 {patient_name}　病例 {case_number}",
             f"治疗期限：{draft.period_from} 至 {draft.period_to}",
             f"康复目标：{draft.goals.strip()}"]
    for n, line in enumerate(draft.lines, 1):
        lines.append(f"项目{n}：{line.name}　{line.frequency.strip()}　共 {line.total_count} "
                     f"{line.unit}　单价 ¥{line.unit_price:.2f}　小计 ¥{line.amount:.2f}")
    lines += [f"费用估算：¥{estimate(draft.lines):.2f}（按目录价格计算，以实际结算为准）",
              f"预期效果：{draft.expected_effect.strip()}",
              f"注意事项：{draft.precautions.strip()}"]
    return lines
