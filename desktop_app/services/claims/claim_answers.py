"""The agency's answer to a claim (经办机构反馈): submitted on a date, returned with a
reason, lines deducted (amount and reason each), an amount paid on a date.

Each answer is an append-only, audited row of ``claim_answer`` (migration 0010); the claim
itself never changes (its row, status and frozen hash stay as they were), and its desk
state is derived from its status and answers (``domain.claim_states.standing``).

* ``record_submitted``: an exported claim (or a returned one, sent again) on a date;
* ``record_returned``: a submitted claim, not paid yet, with the agency's reason;
* ``record_deductions``: per line of that claim, an amount (> 0, at most what is left of
  the line after earlier deductions) and a reason; the claim's deductions never exceed its
  fund amount, nor leave less due than is already paid;
* ``record_paid``: an amount (≥ 0, at most what is still due; 0 only when nothing is due)
  on a date;
* ``issue_correction``: after a return or a deduction, the correction version
  (``claims.correct_claim`` with every line reversed and claimed again as the archive now
  judges it), its reason taken from the agency's answers.

Dates: not in the future, not before the claim was frozen, and a return, deduction or
payment not before the latest submission.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA
from desktop_app.db.models import Claim, ClaimAnswer
from desktop_app.domain import claim_states
from desktop_app.domain.claim_states import ANSWER_LABELS, DESK_STATE_LABELS, Answer, AnswerKind, Standing
from desktop_app.domain.vocabulary import Action
from desktop_app.errors import FieldError, UserError, raise_if_blocking
from desktop_app.services.claims import claims
from desktop_app.services.claims.claim_list_view import claim_row
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class DeductionInput:
    """One line's deduction as the officer enters it."""

    fee_line_id: int
    amount: Decimal
    reason: str


def answers_of(session: Session, claim_ids: list[int]) -> dict[int, list[ClaimAnswer]]:
    """Each claim's answers, in the order recorded."""
    out: dict[int, list[ClaimAnswer]] = defaultdict(list)
    if not claim_ids:
        return out
    for row in session.scalars(select(ClaimAnswer).where(ClaimAnswer.claim_id.in_(claim_ids))
                               .order_by(ClaimAnswer.id)):
        out[row.claim_id].append(row)
    return out


def as_answers(rows: list[ClaimAnswer]) -> list[Answer]:
    return [Answer(r.id, r.kind, r.on_date, r.amount) for r in rows]


def standing_of(session: Session, claim: Claim) -> Standing:
    rows = answers_of(session, [claim.id]).get(claim.id, [])
    return claim_states.standing(claim.status, claim_row(claim).fund, as_answers(rows))


def _state_error(claim: Claim, kind: AnswerKind, state: str) -> UserError:
    kind_zh, kind_en = ANSWER_LABELS[kind]
    state_zh, state_en = DESK_STATE_LABELS[state]
    return UserError(f"结算申报 #{claim.id} 当前为“{state_zh}”，不能录入“{kind_zh}”。",
                     f"Claim #{claim.id} is {state_en}; an answer “{kind_en}” cannot be recorded.")


def _money(label: str, value: object, key: str) -> tuple[Decimal | None, list[FieldError]]:
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None, [FieldError(label, "须为金额（元，最多两位小数）", "Must be an amount in yuan "
                                 "(at most two decimals)", key=key)]
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        return None, [FieldError(label, "金额最多两位小数", "An amount has at most two decimals", key=key)]
    return amount.quantize(Decimal("0.01")), []


def _on_date_errors(uow: UnitOfWork, claim: Claim, on: date, standing: Standing,
                    kind: AnswerKind) -> list[FieldError]:
    errors = []
    if on > uow.clock.today():
        errors.append(FieldError("日期", "日期不能晚于今天", "The date cannot be in the future",
                                 key="on_date"))
    frozen_on = claim.frozen_at.astimezone(CHINA).date() if claim.frozen_at else None
    if frozen_on is not None and on < frozen_on:
        errors.append(FieldError("日期", f"日期不能早于申报确认日 {frozen_on}",
                                 f"The date cannot be before the claim was finalized ({frozen_on})",
                                 key="on_date"))
    submitted_on = standing.submitted_on
    if kind != AnswerKind.SUBMITTED and submitted_on is not None and on < submitted_on:
        errors.append(FieldError("日期", f"日期不能早于报送日 {standing.submitted_on}",
                                 f"The date cannot be before the submission ({standing.submitted_on})",
                                 key="on_date"))
    return errors


def _open(uow: UnitOfWork, claim_id: int, kind: AnswerKind) -> tuple[Claim, Standing]:
    claim = claims.get_claim(uow.session, claim_id)
    standing = standing_of(uow.session, claim)
    if not claim_states.answer_allowed(kind, standing.state):
        raise _state_error(claim, kind, standing.state)
    return claim, standing


def _add(uow: UnitOfWork, claim: Claim, kind: AnswerKind, on: date, *,
         amount: Decimal | None = None, reason: str | None = None,
         fee_line_id: int | None = None) -> ClaimAnswer:
    row = ClaimAnswer(claim_id=claim.id, case_id=claim.case_id, kind=kind, on_date=on,
                      amount=amount, reason=reason, fee_line_id=fee_line_id,
                      created_at=uow.clock.now(), created_by_id=uow.actor_id)
    uow.session.add(row)
    uow.session.flush()
    return row


def _reason_error(reason: str, key: str = "reason") -> list[FieldError]:
    if reason.strip():
        return []
    return [FieldError("原因", "须填写经办机构给出的原因", "The agency's reason is required", key=key)]


@use_case(Action.CLAIM_ANSWER, authorize_with=claims.on_claims_case(Action.CLAIM_ANSWER))
def record_submitted(uow: UnitOfWork, claim_id: int, on: date) -> int:
    """The claim was submitted to the agency on ``on``. Returns the answer's id."""
    claim, standing = _open(uow, claim_id, AnswerKind.SUBMITTED)
    raise_if_blocking(_on_date_errors(uow, claim, on, standing, AnswerKind.SUBMITTED))
    return _add(uow, claim, AnswerKind.SUBMITTED, on).id


@use_case(Action.CLAIM_ANSWER, authorize_with=claims.on_claims_case(Action.CLAIM_ANSWER))
def record_returned(uow: UnitOfWork, claim_id: int, on: date, reason: str) -> int:
    """The agency returned the claim, unpaid, with ``reason``."""
    claim, standing = _open(uow, claim_id, AnswerKind.RETURNED)
    raise_if_blocking([*_on_date_errors(uow, claim, on, standing, AnswerKind.RETURNED),
                       *_reason_error(reason)])
    return _add(uow, claim, AnswerKind.RETURNED, on, reason=reason.strip()).id


@use_case(Action.CLAIM_ANSWER, authorize_with=claims.on_claims_case(Action.CLAIM_ANSWER))
def record_deductions(uow: UnitOfWork, claim_id: int, on: date,
                      items: list[DeductionInput]) -> list[int]:
    """The agency deducted from lines of the claim, each with an amount and a reason."""
    session = uow.session
    claim, standing = _open(uow, claim_id, AnswerKind.DEDUCTION)
    errors = _on_date_errors(uow, claim, on, standing, AnswerKind.DEDUCTION)
    if not items:
        errors.append(FieldError("扣减", "至少填写一行扣减", "Enter at least one line's deduction",
                                 key="deduction"))
    lines = {ln.id: ln for ln in claims.lines_of(session, claim.id)}
    earlier: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in answers_of(session, [claim.id]).get(claim.id, []):
        if row.kind == AnswerKind.DEDUCTION and row.fee_line_id is not None:
            earlier[row.fee_line_id] += row.amount or ZERO
    total = ZERO
    seen: set[int] = set()
    for index, item in enumerate(items):
        key = f"deduction.{index + 1}"
        line = lines.get(item.fee_line_id)
        if line is None or line.reverses_id is not None or line.amount <= 0:
            errors.append(FieldError("费用行", f"费用行 #{item.fee_line_id} 不是本申报的收费行",
                                     f"Fee line #{item.fee_line_id} is not a charge of this claim",
                                     key=key))
            continue
        if item.fee_line_id in seen:
            errors.append(FieldError("费用行", f"费用行 #{line.id} 填写了两次",
                                     f"Fee line #{line.id} is entered twice", key=key))
        seen.add(item.fee_line_id)
        amount, money_errors = _money("扣减金额", item.amount, f"{key}.amount")
        errors += money_errors + _reason_error(item.reason, f"{key}.reason")
        if amount is None:
            continue
        left = line.amount - earlier[line.id]
        if amount <= 0:
            errors.append(FieldError("扣减金额", "扣减金额须大于 0", "A deduction must be more than 0",
                                     key=f"{key}.amount"))
        elif amount > left:
            errors.append(FieldError(
                "扣减金额", f"“{line.name}”的扣减金额 {amount:,.2f} 超过该行剩余金额 {left:,.2f}",
                f"The deduction {amount:,.2f} on “{line.name}” exceeds what is left of the line, "
                f"{left:,.2f}", key=f"{key}.amount"))
        total += amount
    if not errors and standing.deducted + total > standing.fund:
        errors.append(FieldError("扣减金额", f"扣减合计超过申报的基金支付金额 {standing.fund:,.2f}",
                                 f"The deductions exceed the claim's fund amount, {standing.fund:,.2f}",
                                 key="deduction"))
    if not errors and standing.paid > max(standing.fund - standing.deducted - total, ZERO):
        errors.append(FieldError("扣减金额", f"扣减后应付金额将少于已支付的 {standing.paid:,.2f}",
                                 f"After these deductions less would be due than the "
                                 f"{standing.paid:,.2f} already paid", key="deduction"))
    raise_if_blocking(errors)
    return [_add(uow, claim, AnswerKind.DEDUCTION, on, amount=Decimal(str(i.amount)).quantize(
        Decimal("0.01")), reason=i.reason.strip(), fee_line_id=i.fee_line_id).id for i in items]


@use_case(Action.CLAIM_ANSWER, authorize_with=claims.on_claims_case(Action.CLAIM_ANSWER))
def record_paid(uow: UnitOfWork, claim_id: int, on: date, amount: Decimal) -> int:
    """The agency paid ``amount`` on ``on``."""
    claim, standing = _open(uow, claim_id, AnswerKind.PAID)
    errors = _on_date_errors(uow, claim, on, standing, AnswerKind.PAID)
    value, money_errors = _money("支付金额", amount, "amount")
    errors += money_errors
    if value is not None:
        if value < 0 or (value == 0 and standing.outstanding > 0):
            errors.append(FieldError("支付金额", "支付金额须大于 0", "The amount paid must be more than 0",
                                     key="amount"))
        elif value > standing.outstanding:
            errors.append(FieldError(
                "支付金额", f"支付金额 {value:,.2f} 超过尚未支付的 {standing.outstanding:,.2f}"
                f"（应付 {standing.due:,.2f}，已付 {standing.paid:,.2f}）",
                f"The amount {value:,.2f} exceeds what is still due, {standing.outstanding:,.2f} "
                f"(due {standing.due:,.2f}, paid {standing.paid:,.2f})", key="amount"))
    raise_if_blocking(errors)
    assert value is not None
    return _add(uow, claim, AnswerKind.PAID, on, amount=value).id


def correction_reason(session: Session, claim: Claim) -> str:
    """The correction's reason, from the agency's answers: the latest return's reason, and
    each deducted line with its amount and reason."""
    rows = answers_of(session, [claim.id]).get(claim.id, [])
    names = {ln.id: ln.name for ln in claims.lines_of(session, claim.id)}
    parts = []
    returns = [r for r in rows if r.kind == AnswerKind.RETURNED]
    if returns:
        parts.append(f"经办机构 {returns[-1].on_date} 退回：{returns[-1].reason}")
    for r in rows:
        if r.kind == AnswerKind.DEDUCTION:
            parts.append(f"经办机构 {r.on_date} 扣减“{names.get(r.fee_line_id or 0, '')}”"
                         f" {r.amount or ZERO:,.2f} 元：{r.reason}")
    return "；".join(parts)


@use_case(Action.CLAIM_CORRECT, authorize_with=claims.on_claims_case(Action.CLAIM_CORRECT))
def issue_correction(uow: UnitOfWork, claim_id: int) -> int:
    """The correction version after the agency returned the claim or deducted from it:
    every line reversed and claimed again as the archive now judges it (amend the records
    first where the agency was right), the reason taken from the answers. Returns the new
    draft's id."""
    claim = claims.get_claim(uow.session, claim_id)
    standing = standing_of(uow.session, claim)
    if not claim_states.needs_correction(standing):
        raise UserError(f"结算申报 #{claim.id} 未被退回或扣减，无需出具更正版本。",
                        f"Claim #{claim.id} was neither returned nor deducted from; it needs no "
                        "correction version.")
    return claims.correct_claim(uow, claim.id, correction_reason(uow.session, claim), reverse_all=True)
