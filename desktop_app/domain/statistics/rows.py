"""The plain rows the statistics count (built by ``services.statistics.stats_rows`` with a few
set-based queries; tests build them by hand). Plain Python values only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class CaseRow:
    """One case: what it is, when it began and ended, how it ended."""

    case_id: int
    case_number: str
    worker_id: int
    stage: str
    setting: str
    category: str  # disease category (WI01…, OD)
    region: str  # the region of the pack judging the case (domain.rules.packs.REGIONS)
    admission: date | None
    discharge: date | None
    end_reason: str | None = None
    return_to_work: str | None = None  # domain.vocabulary.RETURN_TO_WORK, None: not recorded
    extensions: int = 0  # approvals of kind "extension"
    previous_case_id: int | None = None  # the earlier course a repeat course follows (0020)
    vocational_goal: str | None = None  # domain.vocabulary.VOCATIONAL_GOALS, None: no vocational goal

    @property
    def length_of_stay(self) -> int | None:
        """Days from admission to discharge, at least 1 (a same-day stay is one day)."""
        if self.admission is None or self.discharge is None:
            return None
        return max(1, (self.discharge - self.admission).days)


@dataclass(frozen=True)
class SessionRow:
    """The sessions (current records) of one case by one therapist in one month: ``sessions``
    records with ``count`` units in all."""

    case_id: int
    therapist_id: int
    therapist_name: str
    year: int
    month: int
    sessions: int
    count: int = 0

    @property
    def day(self) -> date:
        return date(self.year, self.month, 1)


@dataclass(frozen=True)
class WorkDayRow:
    """One therapist's sessions on one day, for the cases of one stage, setting and category
    (so the filters still apply): the days and therapist-days worked."""

    therapist_id: int
    day: date
    stage: str
    setting: str
    category: str
    sessions: int


@dataclass(frozen=True)
class DailyCountRow:
    """An item's units given to a case on one day beyond the catalogue's daily count of the
    item prescribed (the rows the database found above it; ``judge`` decides)."""

    case_id: int
    day: date
    national_code: str
    count: int
    max_per_day: int


@dataclass(frozen=True)
class LimitRow:
    """A limit the recording judgement found on a session (``treatment_session.limit_flags``)."""

    case_id: int
    session_id: int
    day: date
    flag: str  # domain.rules.limits.LIMIT_LABELS


@dataclass(frozen=True)
class CostRow:
    """Fee lines of a case in one month, one category, one payer, added up (reversals
    included, so the sum is net)."""

    case_id: int
    year: int
    month: int
    category: str  # domain.vocabulary.FeeCategory
    payer: str  # domain.vocabulary.CoverageClass (pending until a claim decides)
    amount: Decimal
    lines: int = 1

    @property
    def day(self) -> date:
        return date(self.year, self.month, 1)


@dataclass(frozen=True)
class AssessmentRow:
    """One current assessment with a total."""

    case_id: int
    assessment_id: int
    instrument: str
    phase: str
    day: date
    total: int | None


@dataclass(frozen=True)
class ClaimAnswerRow:
    """What the agency did with a claim (``claim_answer``)."""

    case_id: int
    claim_id: int
    kind: str  # domain.claim_states.AnswerKind
    day: date
    amount: Decimal | None = None


@dataclass(frozen=True)
class SignatureDelayRow:
    """Signatures timed against their events (``domain.signature_timing``), alike in case, side,
    month of the event and delay."""

    case_id: int
    day: date  # the first day of the event's month (China time)
    staff: bool  # staff, else the patient side
    delay_days: int
    late: bool
    signatures: int = 1  # signatures alike (same case, side, event day and signing day)


@dataclass(frozen=True)
class StatsRows:
    """Everything one report counts: the rows of the period and of the same period a year
    before (and the cases that may be readmissions after it)."""

    cases: Sequence[CaseRow] = ()
    sessions: Sequence[SessionRow] = ()
    work_days: Sequence[WorkDayRow] = ()
    daily_counts: Sequence[DailyCountRow] = ()
    limits: Sequence[LimitRow] = ()
    costs: Sequence[CostRow] = ()
    assessments: Sequence[AssessmentRow] = ()
    answers: Sequence[ClaimAnswerRow] = ()
    signatures: Sequence[SignatureDelayRow] = ()
    # The smallest change of each instrument's total that counts as an improvement
    # (domain.outcome.minimal_difference, with the institution's overrides).
    minimal_difference: dict[str, int] = field(default_factory=dict)
    # Instruments whose total is better when lower (PHQ9, GAD7): a fall is the improvement.
    lower_is_better: frozenset[str] = frozenset()

    def reached(self, instrument: str, change: int, minimal: int) -> bool:
        """The change is an improvement of at least ``minimal`` in the better direction."""
        return -change >= minimal if instrument in self.lower_is_better else change >= minimal
