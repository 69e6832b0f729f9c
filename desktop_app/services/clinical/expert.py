"""Expert evaluations (专家评估, issue 19 item 5): recording one, and the gate the approval and
prescription services ask before care that needs one.

``add_evaluation`` records an evaluation by members of the rehab expert pool: the date, the
experts with their titles, the care it supports (``domain.rules.expert_devices.CARE_KINDS``),
the conclusion and the signed opinion's scan; a physician records it; the row is append-only
(migration 0021). ``gate_errors`` is what ``intake.enter_approval``, ``treatment.prescribe``
and ``claims.set_payment_terms`` call: under the case's pack only (Baotou Arts. 9, 10, 13,
19) the care is refused without a supporting evaluation dated on or before the act.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import ExpertEvaluation, RehabCase
from desktop_app.domain.rules import expert_devices
from desktop_app.domain.rules.expert_devices import CARE_KINDS, Evaluation
from desktop_app.domain.rules.packs import PolicyPack
from desktop_app.domain.vocabulary import Action
from desktop_app.errors import FieldError, raise_if_blocking
from desktop_app.services.core.commands import AttachmentInput
from desktop_app.services.core.lookup import get_case
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case
from desktop_app.services.records.attachments import attachment_errors, store_attachment
from desktop_app.services.rules.region import case_pack


@dataclass(frozen=True)
class Expert:
    name: str
    title: str  # 职称, e.g. 主任医师


@dataclass(frozen=True)
class EvaluationInput:
    evaluated_on: date
    experts: tuple[Expert, ...]
    supports: tuple[str, ...]  # CARE_KINDS; empty: the experts support none of them
    conclusion: str
    scan: AttachmentInput | None


def evaluation_errors(inp: EvaluationInput, today: date, injury_date: date) -> list[FieldError]:
    errors: list[FieldError] = []
    if inp.evaluated_on > today:
        errors.append(FieldError("评估日期", "评估日期不能晚于今天", "The evaluation cannot be in the future",
                                 key="evaluated_on"))
    elif inp.evaluated_on < injury_date:
        errors.append(FieldError("评估日期", f"评估日期早于受伤日期（{injury_date}）",
                                 f"The evaluation is before the injury ({injury_date})", key="evaluated_on"))
    if not inp.experts:
        errors.append(FieldError("评估专家", "请填写至少一名专家（姓名、职称）",
                                 "Enter at least one expert (name and title)", key="experts"))
    for n, expert in enumerate(inp.experts, start=1):
        if not expert.name.strip() or not expert.title.strip():
            errors.append(FieldError(f"专家{n}", "请填写专家的姓名和职称",
                                     "Enter the expert's name and title", key=f"experts.{n}"))
    unknown = [c for c in inp.supports if c not in CARE_KINDS]
    if unknown:
        errors.append(FieldError("评估结论", f"未知的康复方式：{'、'.join(unknown)}",
                                 f"Unknown care: {', '.join(unknown)}", key="supports"))
    if not inp.conclusion.strip():
        errors.append(FieldError("评估结论", "请填写评估结论", "Enter the conclusion", key="conclusion"))
    if inp.scan is None:
        errors.append(FieldError("评估意见扫描件", "请添加专家签字的评估意见扫描件",
                                 "Add the scan of the experts' signed opinion", key="scan"))
    else:
        errors += attachment_errors(inp.scan, "评估意见扫描件", "scan")
    return errors


@use_case(Action.EXPERT_RECORD, case="case_id")
def add_evaluation(uow: UnitOfWork, case_id: int, inp: EvaluationInput) -> int:
    """Record an expert evaluation of a case; returns its id."""
    case = get_case(uow.session, case_id)
    raise_if_blocking(evaluation_errors(inp, uow.clock.today(), case.injury.injury_date))
    assert inp.scan is not None
    scan = store_attachment(uow, case_id, inp.scan)
    row = ExpertEvaluation(
        case_id=case_id, evaluated_on=inp.evaluated_on,
        experts=[{"name": e.name.strip(), "title": e.title.strip()} for e in inp.experts],
        supports=[c for c in CARE_KINDS if c in inp.supports], conclusion=inp.conclusion.strip(),
        attachment_id=scan.id, created_at=uow.clock.now(), created_by_id=uow.actor_id)
    uow.session.add(row)
    uow.session.flush()
    return row.id


def evaluations(session: Session, case_id: int) -> list[Evaluation]:
    return [Evaluation(r.id, r.evaluated_on, frozenset(r.supports or ()))
            for r in session.scalars(select(ExpertEvaluation).where(ExpertEvaluation.case_id == case_id))]


def gate_errors(session: Session, case: RehabCase, care: str | None, on: date, *,
                what: tuple[str, str], key: str, pack: PolicyPack | None = None) -> list[FieldError]:
    """The refusal of care that the case's pack gives only after an expert evaluation, when no
    evaluation supporting it is dated on or before ``on``; nothing under a silent pack."""
    if care is None:
        return []
    pack = pack or case_pack(session, case, on)
    if care not in expert_devices.gates(pack.code):
        return []
    return expert_devices.gate_errors(pack.code, care, on, evaluations(session, case.id),
                                      what=what, key=key)
