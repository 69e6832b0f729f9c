"""Which region's rules apply: the institution's region and the pack a case is judged by.

The institution works under one region's pack plus the national baseline
(``domain.rules.packs``). The region is chosen at first run and changed only by an
administrator who states a reason; the change is audited with the reason. A case is
judged by the pack in force on its first approval date, recorded on the case when that
approval is entered (``fix_case_pack``), so neither a later pack nor a later change of
region re-judges it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.db.models import Approval, Institution, RehabCase
from desktop_app.domain.rules.packs import (
    NATIONAL,
    REGIONS,
    REHAB_TYPE_NAMES,
    PolicyPack,
    pack_by_code,
    pack_for,
)
from desktop_app.domain.rules.payment_methods import METHOD_LABELS
from desktop_app.domain.rules.policy import Article, cite
from desktop_app.domain.vocabulary import Action
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.core.audit import record_event
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case


def institution_region(session: Session) -> str:
    institution = session.scalars(select(Institution).limit(1)).first()
    return institution.policy_region if institution is not None else NATIONAL


def current_pack(session: Session, on: date) -> PolicyPack:
    """The pack a case approved on ``on`` would be judged by."""
    return pack_for(institution_region(session), on)


def first_approval_date(session: Session, case_id: int) -> date | None:
    return session.scalar(select(func.min(Approval.decision_date)).where(
        Approval.case_id == case_id))


def case_pack(session: Session, case: RehabCase, today: date | None = None) -> PolicyPack:
    """The pack ``case`` is judged by: the one recorded at its first approval, or (not yet
    approved) the one in force on that approval's date, or else ``today``."""
    if case.policy_pack:
        return pack_by_code(case.policy_pack)
    on = first_approval_date(session, case.id) or today or date.today()
    return current_pack(session, on)


def fix_case_pack(session: Session, case: RehabCase) -> PolicyPack:
    """Record the pack in force on the first approval date on the case (once)."""
    pack = case_pack(session, case)
    if case.policy_pack is None and first_approval_date(session, case.id) is not None:
        case.policy_pack = pack.code
    return pack


def region_errors(region: str) -> list[FieldError]:
    if region in REGIONS:
        return []
    return [FieldError("适用地区", f"没有地区规则包：{region}（可选：{'、'.join(REGIONS)}）",
                       f"No policy pack for region {region!r} (choose one of: {', '.join(REGIONS)})",
                       key="policy_region")]


@use_case(Action.SETTINGS_EDIT)
def set_policy_region(uow: UnitOfWork, region: str, reason: str) -> None:
    """Change the institution's region (administrators; the reason is audited). Cases
    already approved keep the pack they were judged by."""
    errors = region_errors(region)
    if not reason.strip():
        errors.append(FieldError("更改原因", "更改适用地区须说明原因",
                                 "A reason is required to change the region", key="reason"))
    raise_if_blocking(errors)
    institution = uow.session.scalars(select(Institution).limit(1)).first()
    if institution is None:
        raise UserError("请先填写机构信息。", "Enter the institution first.")
    before = institution.policy_region
    if before == region:
        return
    institution.policy_region = region
    record_event(uow.session, "policy_region_changed", "institution", institution.id,
                 details={"from": before, "to": region, "reason": reason.strip()})


def case_basis(session: Session, case: RehabCase, *topics: str) -> dict[str, tuple[str, str]]:
    """The articles the case's pack cites for each topic, in Chinese and English (empty
    strings where the region's text is silent)."""
    pack = case_pack(session, case)
    return {topic: cite(pack.basis(topic)) for topic in topics}


# What an eligibility rule is, for people (``PolicyPack.eligibility`` keys).
ELIGIBILITY_NAMES = {
    "recognised": ("须经工伤认定", "the injury must be recognised"),
    "employment_ended": ("劳动关系终止且未转移工伤保险关系的不予康复",
                         "refused if employment ended without an insurance transfer"),
    "insurance_relation_ended": ("已终止工伤保险关系的不适用",
                                 "refused if the insurance relation has ended"),
    "maintenance_grade": ("维持期仅限伤残1-4级", "maintenance stage for grades 1-4 only"),
}


@dataclass(frozen=True)
class RegionSummary:
    """The institution's region and the pack in force on a day, as lines for people."""

    region: str
    region_zh: str
    region_en: str
    pack: PolicyPack
    lines: tuple[tuple[str, str], ...]  # (zh, en) per rule, each naming its articles


def _dates(pack: PolicyPack) -> tuple[str, str]:
    start = pack.effective_from.isoformat() if pack.effective_from else "—"
    end = pack.effective_to.isoformat() if pack.effective_to else "—"
    return f"施行 {start} 至 {end}", f"in force {start} to {end}"


def pack_lines(pack: PolicyPack) -> tuple[tuple[str, str], ...]:
    """The pack's rules: eligibility, categories, caps and payment methods with articles."""
    def cited(articles: tuple[Article, ...]) -> tuple[str, str]:
        return cite(articles) if articles else ("本机构设置", "institution setting")

    zh, en = pack.label
    d_zh, d_en = _dates(pack)
    lines = [(f"规则包：{zh}，{d_zh}", f"Pack: {en}, {d_en}")]
    for rule, articles in pack.eligibility.items():
        name_zh, name_en = ELIGIBILITY_NAMES.get(rule, (rule, rule))
        c_zh, c_en = cited(articles)
        lines.append((f"资格：{name_zh}（{c_zh}）", f"Eligibility: {name_en} ({c_en})"))
    if pack.listed_categories is not None:
        c_zh, c_en = cited(pack.category_basis)
        lines.append((f"病种：列明 {len(pack.listed_categories)} 类，其他类别提示由鉴定委员会确认（{c_zh}）",
                      f"Categories: {len(pack.listed_categories)} listed, others warned ({c_en})"))
    if pack.occupational_disease:
        c_zh, c_en = cited(pack.occupational_disease)
        lines.append((f"病种：职业病（含尘肺病）可康复（{c_zh}）",
                      f"Categories: occupational disease accepted ({c_en})"))
    for rehab_type, cap in pack.period_caps.items():
        t_zh, t_en = REHAB_TYPE_NAMES[rehab_type]
        longest = f"{cap.max_months} 个月" if cap.max_months else f"{cap.max_days} 天"
        longest_en = f"{cap.max_months} months" if cap.max_months else f"{cap.max_days} days"
        usual = f"，一般 {cap.usual_days} 天" if cap.usual_days else ""
        usual_en = f", usually {cap.usual_days} days" if cap.usual_days else ""
        c_zh, c_en = cited(cap.articles)
        lines.append((f"期限：{t_zh}最长 {longest}{usual}（{c_zh}）",
                      f"Period: {t_en} at most {longest_en}{usual_en} ({c_en})"))
    if not pack.period_caps:
        lines.append(("期限：本地区办法未规定上限", "Period: the region's text sets no cap"))
    for method, articles in pack.payment_methods.items():
        m_zh, m_en = METHOD_LABELS.get(method, (method, method))
        c_zh, c_en = cited(articles)
        lines.append((f"支付方式：{m_zh}（{c_zh}）", f"Payment: {m_en} ({c_en})"))
    return tuple(lines)


def region_summary(session: Session, on: date) -> RegionSummary:
    """The institution's region and the pack a case approved on ``on`` is judged by."""
    code = institution_region(session)
    zh, en = REGIONS.get(code, (code, code))
    pack = current_pack(session, on)
    return RegionSummary(code, zh, en, pack, pack_lines(pack))
