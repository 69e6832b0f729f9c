"""A month of claims: every case with sessions or charges in the month, its completeness
gate and its claim for the month (the records officer's month screen), and the batch
actions over them — build, finalize, export — each case in a unit of work of its own, so
one refused case never undoes another.

The month screen shows each case's amounts — its month claim's total and fund share, or
while none is built the amount of the charges waiting — and the month's totals
(``month_totals``). The gate is the slow part of the listing; ``GateCache`` keeps each
case's gate for the month, computed once, until anything of that case changes (see its
docstring), so opening the month again is fast.

The batch actions report ``progress("build"|"finalize"|"export", done, total)`` before each
case (outside any transaction: stopping there loses nothing) and return one ``Outcome``
per case; a refusal (a gap, a permission, a package that exists) is that case's outcome,
anything else stops the batch.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from desktop_app.clock import Clock
from desktop_app.db.models import AuditEvent, Claim, FeeLine, RehabCase, TreatmentSession
from desktop_app.domain import claim_states
from desktop_app.domain.claim_states import ClaimMove
from desktop_app.domain.vocabulary import ClaimStatus
from desktop_app.errors import UserError
from desktop_app.services.claims import claim_gate, claims, gate_memo, month_batch
from desktop_app.services.claims.claim_export import PdfSigner
from desktop_app.services.claims.claim_gate import Gap
from desktop_app.services.claims.claim_list_view import ClaimRow, claim_row
from desktop_app.services.clinical.case_view import list_cases
from desktop_app.services.core.lookup import superseded, uncharged
from desktop_app.services.core.progress import Progress, no_progress
from desktop_app.services.core.uow import UnitOfWork

# What the month screen says about a case (a built claim: its status).
BLOCKED, READY, DRAFT, FINAL, EXPORTED, LATE, NOTHING = (
    "blocked", "ready", ClaimStatus.DRAFT, ClaimStatus.FINAL, ClaimStatus.EXPORTED, "late", "nothing")


@dataclass(frozen=True)
class MonthCase:
    case_id: int
    case_number: str
    patient_name: str
    case_status: str
    sessions: int  # current sessions in the month
    charges: int  # other charges (drugs, bed, …) in the month
    unclaimed: int  # fee lines and uncharged sessions a claim for the month would bill
    gaps: tuple[Gap, ...]  # the gate for that claim (none once the month's claim is frozen)
    claim: ClaimRow | None  # the case's latest claim for the month
    waiting_amount: Decimal = Decimal("0.00")  # charges of the month not on a claim yet

    @property
    def total(self) -> Decimal:
        """The month claim's total (every payer); 0 while none is built."""
        return self.claim.total if self.claim is not None else Decimal("0.00")

    @property
    def fund(self) -> Decimal:
        """What the fund pays of the month claim; 0 while none is built."""
        return self.claim.fund if self.claim is not None else Decimal("0.00")

    @property
    def blocking(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if g.blocking)

    @property
    def state(self) -> str:
        """blocked / ready / draft (built, ready to freeze) / final / exported / late
        (frozen, with charges since: a correction) / nothing (billed by another claim)."""
        frozen = self.claim is not None and claim_states.is_frozen(self.claim.status)
        if frozen:
            return LATE if self.unclaimed else (self.claim.status if self.claim else FINAL)
        if self.blocking:
            return BLOCKED
        if self.claim is not None:
            return DRAFT
        return READY if self.unclaimed else NOTHING

    @property
    def buildable(self) -> bool:
        """Ready for a (new or rebuilt) draft: no blocking gap, something to bill."""
        return not self.blocking and self.unclaimed > 0 and (
            self.claim is None or claim_states.allowed(ClaimMove.BUILD, self.claim.status))


@dataclass(frozen=True)
class MonthTotals:
    cases: int
    sessions: int
    charges: int
    claims: int
    total: Decimal  # of the month's claims
    fund: Decimal
    waiting_amount: Decimal


def month_totals(cases: list[MonthCase]) -> MonthTotals:
    """The month's totals row."""
    zero = Decimal("0.00")
    return MonthTotals(len(cases), sum(c.sessions for c in cases), sum(c.charges for c in cases),
                       sum(1 for c in cases if c.claim is not None), sum((c.total for c in cases), zero),
                       sum((c.fund for c in cases), zero), sum((c.waiting_amount for c in cases), zero))


Stamp = tuple[int, int, int, int, int, int]
ROW_CHANGES = ("create", "update", "delete")


class GateCache:
    """Each case's gate for a month, kept in memory for the life of the process (the main
    window holds one; the month screen is opened with it), valid while nothing it could
    depend on changed.

    Key: (case, month, today) — the gate of the running month depends on the day. Stamp:
    the id of the case's latest audit event and how many it has, and the same two for the
    archive-wide row changes. Every change to a case's rows is audited in the same
    transaction with the case's id (``services.core.audit``) and audit events are never
    deleted (a trigger refuses it), so a change adds an event and changes the count even where
    ids are not handed out in commit order (two PostgreSQL transactions: the one with the
    smaller sequence value may commit last — the count still grows); the id alone would miss
    that. Rows that carry no case id — signatures
    and their items, staff, settings, catalogues, the region's pack — are audited with a NULL
    case id: any such create, update or delete invalidates every entry (a sign-in or a read
    does not). So does a change of any session of the month (the day before included), in
    whichever case: the gate looks for other cases' sessions that overlap its own. A reading
    made in another process or by another client is seen too: the stamp is read from the
    database at each listing. Entries of other days are dropped when read."""

    def __init__(self) -> None:
        self._entries: dict[tuple[int, str, date], tuple[Stamp, tuple[Gap, ...]]] = {}
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, case_id: int, month: str, today: date, stamp: Stamp) -> tuple[Gap, ...] | None:
        with self._lock:
            found = self._entries.get((case_id, month, today))
            if found is not None and found[0] == stamp:
                self.hits += 1
                return found[1]
            self.misses += 1
            return None

    def put(self, case_id: int, month: str, today: date, stamp: Stamp, gaps: tuple[Gap, ...]) -> None:
        with self._lock:
            if any(key[2] != today for key in self._entries):
                self._entries = {k: v for k, v in self._entries.items() if k[2] == today}
            self._entries[(case_id, month, today)] = (stamp, gaps)

    def __len__(self) -> int:
        return len(self._entries)


def change_stamps(session: Session, case_ids: list[int], window: tuple[date, date]) -> dict[int, Stamp]:
    """Each case's ``GateCache`` stamp: its own events, the archive-wide ones, and those of
    every session of the month's window (and the day before it, whose sessions may run past
    midnight) in any case — a gate judges its sessions against other cases' (the same
    therapist or worker at the same time), so a session recorded in another case can change
    it. A month whose sessions no longer change keeps its entries while the wards record
    the next one."""
    wide_last, wide_count = session.execute(select(func.max(AuditEvent.id), func.count()).where(
        AuditEvent.case_id.is_(None), AuditEvent.action.in_(ROW_CHANGES))).one()
    sessions_last, sessions_count = session.execute(
        select(func.max(AuditEvent.id), func.count())
        .join(TreatmentSession, (AuditEvent.record_type == "treatment_session")
              & (AuditEvent.record_id == TreatmentSession.id))
        .where(TreatmentSession.session_date.between(window[0] - timedelta(days=1), window[1]),
               AuditEvent.action.in_(ROW_CHANGES))).one()
    latest = {int(case_id or 0): (int(last or 0), int(count)) for case_id, last, count in session.execute(
        select(AuditEvent.case_id, func.max(AuditEvent.id), func.count())
        .where(AuditEvent.case_id.in_(case_ids)).group_by(AuditEvent.case_id))}
    return {case_id: (*latest.get(case_id, (0, 0)), int(wide_last or 0), int(wide_count),
                      int(sessions_last or 0), int(sessions_count))
            for case_id in case_ids}


@dataclass(frozen=True)
class Outcome:
    case_id: int
    case_number: str
    claim_id: int | None
    ok: bool
    zh: str
    en: str
    package: Path | None = None


def _grouped(session: Session, query: object) -> Counter[int]:
    return Counter({int(case_id): int(n) for case_id, n in session.execute(query)})  # type: ignore[call-overload]


def month_cases(session: Session, month: str, today: date,
                progress: Progress = no_progress, *, cache: GateCache | None = None) -> list[MonthCase]:
    """Every case with a (current) session or a charge in ``month``, by case number; the
    gate of each open claim is the slow part, reported as ``("list", done, total)``, and
    taken from ``cache`` where it is still valid."""
    window = claim_gate.month_window(month, today)
    current = TreatmentSession.id.not_in(superseded("treatment_session"))
    sessions = _grouped(session, select(TreatmentSession.case_id, func.count())
                        .where(TreatmentSession.session_date.between(*window), current)
                        .group_by(TreatmentSession.case_id))
    charges = _grouped(session, select(FeeLine.case_id, func.count())
                       .where(FeeLine.occurred_on.between(*window), FeeLine.session_id.is_(None),
                              FeeLine.reverses_id.is_(None))
                       .group_by(FeeLine.case_id))
    unclaimed = _grouped(session, select(FeeLine.case_id, func.count())
                         .where(FeeLine.occurred_on.between(*window), FeeLine.claim_id.is_(None),
                                FeeLine.reverses_id.is_(None),
                                FeeLine.session_id.is_(None)
                                | FeeLine.session_id.not_in(superseded("treatment_session")))
                         .group_by(FeeLine.case_id))
    waiting = {int(case_id): Decimal(str(amount or 0)).quantize(Decimal("0.01"))
               for case_id, amount in session.execute(
                   select(FeeLine.case_id, func.sum(FeeLine.amount))
                   .where(FeeLine.occurred_on.between(*window), FeeLine.claim_id.is_(None),
                          FeeLine.reverses_id.is_(None),
                          FeeLine.session_id.is_(None)
                          | FeeLine.session_id.not_in(superseded("treatment_session")))
                   .group_by(FeeLine.case_id))}
    unclaimed.update(_grouped(session, select(TreatmentSession.case_id, func.count())
                              .where(TreatmentSession.session_date.between(*window), current,
                                     uncharged(TreatmentSession.id))
                              .group_by(TreatmentSession.case_id)))
    case_ids = sorted(set(sessions) | set(charges))
    if not case_ids:
        return []
    latest: dict[int, ClaimRow] = {}
    for c in session.scalars(select(Claim).where(Claim.period == month, Claim.case_id.in_(case_ids))
                             .order_by(Claim.id)):
        latest[c.case_id] = claim_row(c)
    rows = {row.id: row for row in list_cases(session, today, matching=RehabCase.id.in_(case_ids))}
    stamps = change_stamps(session, case_ids, window) if cache is not None else {}
    open_ids = [case_id for case_id in case_ids if latest.get(case_id) is None
                or not claim_states.is_frozen(latest[case_id].status) or unclaimed[case_id] > 0]
    gates = _gates(session, open_ids, month, today, progress, cache, stamps)
    out = []
    for case_id in case_ids:
        claim = latest.get(case_id)
        gaps = gates.get(case_id, ())
        row = rows[case_id]
        out.append(MonthCase(case_id, row.case_number, row.patient_name, row.status,
                             sessions[case_id], charges[case_id], unclaimed[case_id], gaps, claim,
                             waiting.get(case_id, Decimal("0.00"))))
    return sorted(out, key=lambda c: c.case_number)


GATES_AT_ONCE = 10  # cases whose gates are computed together (``claim_gate.reports``); progress between


def _gates(session: Session, case_ids: list[int], month: str, today: date, progress: Progress,
           cache: GateCache | None, stamps: dict[int, Stamp]) -> dict[int, tuple[Gap, ...]]:
    """Each open case's gaps: from ``cache`` where still valid, the others computed
    ``GATES_AT_ONCE`` cases at a time."""
    gates: dict[int, tuple[Gap, ...]] = {}
    if cache is not None:
        for case_id in case_ids:
            found = cache.get(case_id, month, today, stamps[case_id])
            if found is not None:
                gates[case_id] = found
    todo = [case_id for case_id in case_ids if case_id not in gates]
    for start in range(0, len(todo), GATES_AT_ONCE):
        progress("list", len(gates), len(case_ids))
        for case_id, gate in gate_memo.reports(session, todo[start:start + GATES_AT_ONCE],
                                               month, today).items():
            gates[case_id] = tuple(gate.gaps)
            if cache is not None:
                cache.put(case_id, month, today, stamps[case_id], gates[case_id])
    return gates


def months(session: Session, today: date) -> list[str]:
    """Every month from the first session or charge to this one, newest first."""
    firsts = [session.scalar(select(func.min(TreatmentSession.session_date))),
              session.scalar(select(func.min(FeeLine.occurred_on)))]
    first = min((d for d in firsts if d is not None), default=today)
    out = []
    year, month = today.year, today.month
    while (year, month) >= (first.year, first.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out


def _each(items: list[int], stage: str, progress: Progress,
          act: Callable[[int], Outcome]) -> list[Outcome]:
    outcomes = []
    for done, item in enumerate(items):
        progress(stage, done, len(items))
        outcomes.append(act(item))
    progress(stage, len(items), len(items))
    return outcomes


def build_month(engine: Engine, clock: Clock, actor_id: int | None, month: str,
                case_ids: list[int], progress: Progress = no_progress) -> list[Outcome]:
    """A draft claim for the month for each case (the gate refuses a blocked one)."""

    def build(case_id: int) -> Outcome:
        number = month_batch.case_number(engine, case_id)
        try:
            with UnitOfWork(engine, clock=clock, actor_id=actor_id) as uow:
                claim_id = claims.build_claim(uow, case_id, month)
        except UserError as refused:
            return Outcome(case_id, number, None, False, refused.zh, refused.en)
        return Outcome(case_id, number, claim_id, True, f"已生成申报 #{claim_id}", f"claim #{claim_id} built")

    return _each(case_ids, "build", progress, build)


def finalize_month(engine: Engine, clock: Clock, actor_id: int | None, claim_ids: list[int],
                   progress: Progress = no_progress) -> list[Outcome]:
    """Freeze each draft claim (the gate is checked again for each)."""

    def finalize(claim_id: int) -> Outcome:
        case_id, number = month_batch.claim_case(engine, claim_id)
        try:
            with UnitOfWork(engine, clock=clock, actor_id=actor_id) as uow:
                sha = claims.finalize_claim(uow, claim_id)
        except UserError as refused:
            return Outcome(case_id, number, claim_id, False, refused.zh, refused.en)
        return Outcome(case_id, number, claim_id, True, f"已冻结 SHA-256 {sha[:16]}…",
                       f"frozen, SHA-256 {sha[:16]}…")

    return _each(claim_ids, "finalize", progress, finalize)


def export_month(engine: Engine, clock: Clock, actor_id: int | None, claim_ids: list[int],
                 out_dir: Path, *, sign: PdfSigner | None = None, region: str = "national",
                 progress: Progress = no_progress, processes: int | None = None) -> list[Outcome]:
    """One package per frozen claim in ``out_dir``, built and written by worker processes,
    one per core unless ``processes`` says otherwise (``month_batch``)."""
    return [Outcome(e.case_id, e.case_number, e.claim_id, e.ok, e.zh, e.en, e.package)
            for e in month_batch.export_month(engine, clock, actor_id, claim_ids, out_dir, sign=sign,
                                              region=region, progress=progress, processes=processes)]


def run_month(engine: Engine, clock: Clock, actor_id: int | None, month: str, case_ids: list[int],
              out_dir: Path, *, sign: PdfSigner | None = None, region: str = "national",
              progress: Progress = no_progress, processes: int | None = None) -> list[Outcome]:
    """Build, freeze and export each case's claim for the month in one go (the records
    officer's month-end run): this process builds and freezes a case's claim, each step in a
    unit of work of its own as ``build_month`` and ``finalize_month`` do, and plans its
    package while the workers write those of the cases before it (``month_batch.run_month``).
    A case the build or the freeze refuses is that case's outcome, nothing of it is frozen
    or exported; Cancel stops before the next case, the cases handed out are finished."""

    def prepare(case_id: int) -> int | tuple[str, str]:
        try:
            with UnitOfWork(engine, clock=clock, actor_id=actor_id) as uow:
                claim_id = claims.build_claim(uow, case_id, month)
            with UnitOfWork(engine, clock=clock, actor_id=actor_id) as uow:
                claims.finalize_claim(uow, claim_id)
        except UserError as refused:
            return refused.zh, refused.en
        return claim_id

    return [Outcome(e.case_id, e.case_number, e.claim_id or None, e.ok, e.zh, e.en, e.package)
            for e in month_batch.run_month(engine, clock, actor_id, case_ids, prepare, out_dir,
                                           sign=sign, region=region, progress=progress,
                                           processes=processes)]

