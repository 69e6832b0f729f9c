"""The settlement claim's state machine: draft → final (frozen) → exported.

* build: a new draft for a case and period; a draft of the same period is replaced,
  but once a version is frozen the period is only ever corrected;
* finalize: draft → final; the claim and its lines are frozen (their hash is kept);
* export: final → exported (marking it exported again is harmless); never from a draft;
* correct: a frozen claim is never edited: a new version, itself a draft, holds the
  reversals and replacements (the service also checks it is the latest version).

The service (``services.claims.claims``) asks here before it moves a claim; the
permission table (``domain.permissions``) decides who may, by the case's state.

**The desk state** (the records officer's claim desk) goes further than the stored status:
what the agency did with an exported claim is recorded as append-only answers
(``claim_answer``: submitted, returned, deduction, paid; ``services.claims.claim_answers``)
and the state is *derived*, never stored (``desk_state``), so the claim row and its frozen
hash never change when an answer arrives:

* ``draft`` / ``final`` / ``exported``: the stored status, while the agency has not answered;
* ``submitted``: the latest of its submissions and returns is a submission, and nothing
  has been paid yet (deductions may have been recorded);
* ``returned``: the latest of its submissions and returns is a return (a return sends the
  whole claim back unpaid: what follows is a correction version, or a new submission);
* ``partly_paid``: submitted, some payment recorded (a payment of 0 counts for a claim
  whose whole fund amount was deducted), and the total paid is less than what is due;
* ``paid``: submitted, and the total paid equals what is due, where
  **due = the claim's fund amount − the total of its deductions** (never below 0).

An answer is allowed only where it makes sense (``answer_allowed``): a submission of an
exported claim, or again of a returned one; a return, a deduction or a payment of a
submitted or partly paid claim (a deduction or a payment never so that the total paid
exceeds what is due: the service checks the amounts). A return or a deduction is settled
by a correction version (``ClaimMove.CORRECT``, ``needs_correction``), never an edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from desktop_app.domain.vocabulary import ClaimStatus


class ClaimMove(StrEnum):
    BUILD = "build"
    FINALIZE = "finalize"
    EXPORT = "export"
    CORRECT = "correct"


FROZEN = frozenset({ClaimStatus.FINAL, ClaimStatus.EXPORTED})
# Each move: the statuses a claim may be in, and the status it leads to (for a
# correction, the status of the new version; the corrected one keeps its own).
MOVES: dict[ClaimMove, tuple[frozenset[ClaimStatus], ClaimStatus]] = {
    ClaimMove.BUILD: (frozenset({ClaimStatus.DRAFT}), ClaimStatus.DRAFT),
    ClaimMove.FINALIZE: (frozenset({ClaimStatus.DRAFT}), ClaimStatus.FINAL),
    ClaimMove.EXPORT: (FROZEN, ClaimStatus.EXPORTED),
    ClaimMove.CORRECT: (FROZEN, ClaimStatus.DRAFT),
}


def is_frozen(status: str) -> bool:
    """Whether a claim in this status is frozen (final or exported): never edited again."""
    return status in FROZEN


def allowed(move: ClaimMove, status: str) -> bool:
    """Whether a claim in ``status`` may take ``move``."""
    return status in MOVES[move][0]


def after(move: ClaimMove, status: str) -> ClaimStatus:
    """The status ``move`` leads to from ``status``; ValueError if it is not allowed."""
    sources, target = MOVES[move]
    if status not in sources:
        raise ValueError(f"a {status} claim cannot {move}")
    return target


def may_build(statuses: list[str] | tuple[str, ...]) -> bool:
    """Whether a period whose versions have these statuses may be built again (only while
    none is frozen: the drafts are replaced)."""
    return all(allowed(ClaimMove.BUILD, s) for s in statuses)


# ----------------------------------------------------------------------------- desk state


class AnswerKind(StrEnum):
    """What the agency did with a claim (``claim_answer.kind``)."""

    SUBMITTED = "submitted"
    RETURNED = "returned"
    DEDUCTION = "deduction"
    PAID = "paid"


class DeskState(StrEnum):
    DRAFT = "draft"
    FINAL = "final"
    EXPORTED = "exported"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    PARTLY_PAID = "partly_paid"
    PAID = "paid"


DESK_STATES: tuple[DeskState, ...] = tuple(DeskState)
DESK_STATE_LABELS: dict[str, tuple[str, str]] = {
    DeskState.DRAFT: ("草稿", "draft"), DeskState.FINAL: ("已确认", "final"),
    DeskState.EXPORTED: ("已导出", "exported"), DeskState.SUBMITTED: ("已报送", "submitted"),
    DeskState.RETURNED: ("已退回", "returned"), DeskState.PARTLY_PAID: ("部分支付", "partly paid"),
    DeskState.PAID: ("已支付", "paid")}
ANSWER_LABELS: dict[str, tuple[str, str]] = {
    AnswerKind.SUBMITTED: ("报送", "submitted"), AnswerKind.RETURNED: ("退回", "returned"),
    AnswerKind.DEDUCTION: ("扣减", "deduction"), AnswerKind.PAID: ("支付", "paid")}
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Answer:
    """One recorded answer, in the order recorded (``seq``: the row id)."""

    seq: int
    kind: str
    on: date
    amount: Decimal | None = None


@dataclass(frozen=True)
class Standing:
    """A claim's desk state and the figures it was derived from."""

    state: DeskState
    fund: Decimal
    deducted: Decimal
    paid: Decimal
    submitted_on: date | None
    returned_on: date | None
    paid_on: date | None

    @property
    def due(self) -> Decimal:
        """What the agency owes: the fund amount less the deductions, never below 0."""
        return max(self.fund - self.deducted, ZERO)

    @property
    def outstanding(self) -> Decimal:
        return max(self.due - self.paid, ZERO)


def standing(status: str, fund: Decimal, answers: Iterable[Answer]) -> Standing:
    """The desk state of a claim in ``status`` whose fund amount is ``fund``, from its
    answers (any order: they are taken by ``seq``). See the module's docstring."""
    ordered = sorted(answers, key=lambda a: a.seq)
    deducted = sum((a.amount or ZERO for a in ordered if a.kind == AnswerKind.DEDUCTION), ZERO)
    payments = [a for a in ordered if a.kind == AnswerKind.PAID]
    paid = sum((a.amount or ZERO for a in payments), ZERO)
    moves = [a for a in ordered if a.kind in (AnswerKind.SUBMITTED, AnswerKind.RETURNED)]
    submitted = [a.on for a in moves if a.kind == AnswerKind.SUBMITTED]
    returned = [a.on for a in moves if a.kind == AnswerKind.RETURNED]
    last_paid = payments[-1].on if payments else None
    figures = (fund, deducted, paid, submitted[-1] if submitted else None,
               returned[-1] if returned else None, last_paid)
    if status != ClaimStatus.EXPORTED or not moves:
        return Standing(DeskState(status) if status in DESK_STATES else DeskState.DRAFT, *figures)
    if moves[-1].kind == AnswerKind.RETURNED:
        return Standing(DeskState.RETURNED, *figures)
    if not payments:
        return Standing(DeskState.SUBMITTED, *figures)
    due = max(fund - deducted, ZERO)
    return Standing(DeskState.PAID if paid >= due else DeskState.PARTLY_PAID, *figures)


def desk_state(status: str, fund: Decimal, answers: Iterable[Answer]) -> DeskState:
    """The claim's desk state (``standing(...).state``)."""
    return standing(status, fund, answers).state


ANSWERABLE: dict[AnswerKind, frozenset[DeskState]] = {
    AnswerKind.SUBMITTED: frozenset({DeskState.EXPORTED, DeskState.RETURNED}),
    AnswerKind.RETURNED: frozenset({DeskState.SUBMITTED}),
    AnswerKind.DEDUCTION: frozenset({DeskState.SUBMITTED, DeskState.PARTLY_PAID}),
    AnswerKind.PAID: frozenset({DeskState.SUBMITTED, DeskState.PARTLY_PAID}),
}


def answer_allowed(kind: str, state: str) -> bool:
    """Whether an answer of ``kind`` may be recorded for a claim in desk ``state``."""
    return state in ANSWERABLE[AnswerKind(kind)]


def needs_correction(standing_: Standing) -> bool:
    """Whether the desk offers a correction version: the claim was returned, or lines of it
    were deducted."""
    return standing_.state == DeskState.RETURNED or standing_.deducted > ZERO
