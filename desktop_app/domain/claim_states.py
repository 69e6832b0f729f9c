"""The settlement claim's state machine: draft → final (frozen) → exported.

* build: a new draft for a case and period; a draft of the same period is replaced,
  but once a version is frozen the period is only ever corrected;
* finalize: draft → final; the claim and its lines are frozen (their hash is kept);
* export: final → exported (marking it exported again is harmless); never from a draft;
* correct: a frozen claim is never edited: a new version, itself a draft, holds the
  reversals and replacements (the service also checks it is the latest version).

The service (``services.claims.claims``) asks here before it moves a claim; the
permission table (``domain.permissions``) decides who may, by the case's state.
"""

from __future__ import annotations

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
