"""The claim's desk state, derived from its status and the agency's answers: every state
reached, the precedence of a return over payments, paid = fund − deductions, and which
answer is allowed in which state."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.claim_states import (
    ANSWERABLE,
    DESK_STATE_LABELS,
    DESK_STATES,
    Answer,
    AnswerKind,
    DeskState,
    answer_allowed,
    desk_state,
    needs_correction,
    standing,
)

FUND = Decimal("1000.00")
D = date(2026, 6, 1)
S, R, X, P = AnswerKind.SUBMITTED, AnswerKind.RETURNED, AnswerKind.DEDUCTION, AnswerKind.PAID


def answers(*items: tuple[str, str | None]) -> list[Answer]:
    return [Answer(seq, kind, D, Decimal(amount) if amount else None)
            for seq, (kind, amount) in enumerate(items, start=1)]


@pytest.mark.parametrize(("status", "given_answers", "expected"), [
    ("draft", [], DeskState.DRAFT),
    ("final", [], DeskState.FINAL),
    ("exported", [], DeskState.EXPORTED),
    ("exported", [(S, None)], DeskState.SUBMITTED),
    ("exported", [(S, None), (X, "10.00")], DeskState.SUBMITTED),  # deducted, nothing paid yet
    ("exported", [(S, None), (R, None)], DeskState.RETURNED),
    ("exported", [(S, None), (R, None), (S, None)], DeskState.SUBMITTED),  # sent again
    ("exported", [(S, None), (P, "400.00")], DeskState.PARTLY_PAID),
    ("exported", [(S, None), (P, "1000.00")], DeskState.PAID),
    ("exported", [(S, None), (X, "100.00"), (P, "900.00")], DeskState.PAID),  # fund − deductions
    ("exported", [(S, None), (X, "100.00"), (P, "899.99")], DeskState.PARTLY_PAID),
    ("exported", [(S, None), (X, "1000.00"), (P, "0.00")], DeskState.PAID),  # wholly deducted
    ("exported", [(S, None), (P, "100.00"), (R, None)], DeskState.RETURNED),  # a return wins
])
def test_every_desk_state(status: str, given_answers: list[tuple[str, str | None]],
                          expected: DeskState) -> None:
    assert desk_state(status, FUND, answers(*given_answers)) == expected


def test_every_state_is_reached_and_labelled() -> None:
    assert set(DESK_STATE_LABELS) == set(DESK_STATES) and len(DESK_STATES) == 7
    assert all(zh and en for zh, en in DESK_STATE_LABELS.values())


def test_the_figures_and_the_offer_of_a_correction() -> None:
    s = standing("exported", FUND, answers((S, None), (X, "30.00"), (X, "20.00"), (P, "500.00")))
    assert (s.deducted, s.due, s.paid, s.outstanding, s.submitted_on, s.paid_on) == (
        Decimal("50.00"), Decimal("950.00"), Decimal("500.00"), Decimal("450.00"), D, D)
    assert needs_correction(s)
    assert not needs_correction(standing("exported", FUND, answers((S, None), (P, "1000.00"))))
    assert needs_correction(standing("exported", FUND, answers((S, None), (R, None))))
    # a frozen claim's answers count only once it is exported (the status stays the truth)
    assert desk_state("final", FUND, answers((S, None))) == DeskState.FINAL


def test_which_answer_is_allowed_where() -> None:
    assert answer_allowed(S, DeskState.EXPORTED) and answer_allowed(S, DeskState.RETURNED)
    assert not answer_allowed(S, DeskState.DRAFT) and not answer_allowed(S, DeskState.FINAL)
    for kind in (R, X, P):
        assert answer_allowed(kind, DeskState.SUBMITTED)
        assert not answer_allowed(kind, DeskState.EXPORTED)
        assert not answer_allowed(kind, DeskState.PAID) and not answer_allowed(kind, DeskState.RETURNED)
    assert answer_allowed(P, DeskState.PARTLY_PAID) and not answer_allowed(R, DeskState.PARTLY_PAID)
    assert set(ANSWERABLE) == set(AnswerKind)


money = st.decimals(min_value=0, max_value=10_000, places=2)


@given(fund=money, deductions=st.lists(money, max_size=3), payments=st.lists(money, max_size=3))
def test_paid_exactly_when_payments_reach_what_is_due(fund: Decimal, deductions: list[Decimal],
                                                      payments: list[Decimal]) -> None:
    given_answers = [(S, None), *((X, str(d)) for d in deductions), *((P, str(p)) for p in payments)]
    s = standing("exported", fund, answers(*given_answers))
    assert s.due == max(fund - sum(deductions, Decimal(0)), Decimal(0))
    if not payments:
        assert s.state == DeskState.SUBMITTED
    elif sum(payments, Decimal(0)) >= s.due:
        assert s.state == DeskState.PAID
    else:
        assert s.state == DeskState.PARTLY_PAID and s.outstanding > 0
    # the order answers are given in does not matter: they are taken by their sequence
    assert standing("exported", fund, list(reversed(answers(*given_answers)))) == s
